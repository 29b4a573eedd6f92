package com.nakksha.booking.client;

import com.nakksha.booking.money.Money;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.security.Caller;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/clients")
class ClientController {

    private final ClientService clients;

    ClientController(ClientService clients) {
        this.clients = clients;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ClientView> create(Caller caller, @Valid @RequestBody ClientDetails details) {
        return clients.create(caller.consultantId(), details).map(ClientView::of);
    }

    @GetMapping("/{id}")
    Mono<ClientView> get(Caller caller, @PathVariable UUID id) {
        return clients.get(caller.consultantId(), id).map(ClientView::of);
    }

    @PutMapping("/{id}")
    Mono<ClientView> update(Caller caller, @PathVariable UUID id, @Valid @RequestBody ClientDetails details,
                            @RequestParam(required = false) Boolean active) {
        return clients.update(caller.consultantId(), id, details, active).map(ClientView::of);
    }

    /** Clients are never deleted: their sessions and payments keep referring to them. */
    @DeleteMapping("/{id}")
    Mono<ClientView> deactivate(Caller caller, @PathVariable UUID id) {
        return clients.deactivate(caller.consultantId(), id).map(ClientView::of);
    }

    /**
     * {@code createdFrom}/{@code createdTo} are whole UTC days, both included; amounts are in major units.
     * {@code leads=true} lists the leads instead of the clients ({@link ClientFilter#leads()}); by default they are hidden.
     */
    @GetMapping
    Mono<Page<ClientView>> list(Caller caller,
                                @RequestParam(required = false) Boolean leads,
                                @RequestParam(required = false) Boolean active,
                                @RequestParam(required = false) String q,
                                @RequestParam(required = false) Integer minSessions,
                                @RequestParam(required = false) Integer maxSessions,
                                @RequestParam(required = false) BigDecimal minPaid,
                                @RequestParam(required = false) BigDecimal maxPaid,
                                @RequestParam(required = false) String city,
                                @RequestParam(required = false) String state,
                                @RequestParam(required = false) String country,
                                @RequestParam(required = false) LocalDate createdFrom,
                                @RequestParam(required = false) LocalDate createdTo,
                                @RequestParam(required = false) Integer page,
                                @RequestParam(required = false) Integer size,
                                @RequestParam(required = false) String sort) {
        UUID consultantId = caller.consultantId();
        return clients.currencyOf(consultantId).flatMap(currencyCode -> {
            Currency currency = Currency.getInstance(currencyCode);
            PageRequest request = PageRequest.of(page, size, sort, ClientRepository.SORT_COLUMNS.keySet(), "createdAt,desc",
                    clients.maxPageSize());
            ClientFilter filter = new ClientFilter(Boolean.TRUE.equals(leads), active, q, count("minSessions", minSessions), count("maxSessions", maxSessions),
                    minor("minPaid", minPaid, currency), minor("maxPaid", maxPaid, currency), city, state, country,
                    createdFrom == null ? null : createdFrom.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    createdTo == null ? null : createdTo.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            return clients.list(consultantId, filter, request);
        }).map(found -> found.map(ClientView::of));
    }

    private static Integer count(String field, Integer value) {
        if (value != null && value < 0) {
            throw new InvalidInputException(field, "must be 0 or more");
        }
        return value;
    }

    private static Long minor(String field, BigDecimal amount, Currency currency) {
        if (amount == null) {
            return null;
        }
        try {
            return Money.ofMajor(amount, currency).amountMinor();
        } catch (IllegalArgumentException | ArithmeticException invalid) {
            throw new InvalidInputException(field, invalid.getMessage());
        }
    }
}
