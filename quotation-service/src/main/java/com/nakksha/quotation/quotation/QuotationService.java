package com.nakksha.quotation.quotation;

import com.nakksha.defaults.idempotency.IdempotencyKeys;
import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.quotation.client.ClientDirectory;
import com.nakksha.quotation.consultant.ConsultantDirectory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The quotation use cases: the consultant's dashboard (tenant-scoped by the caller's id; another
 * consultant's quotation is not found) and the client's share link. Each change locks the quotation,
 * applies one rule of {@link Quotation}, and writes the quotation, its history and its events in one
 * transaction.
 */
@Service
class QuotationService {

    /** An answer to replay for an Idempotency-Key: HTTP status and JSON body. */
    record Answer(int status, String body) {
    }

    /** The outcome of a change that may be refused after something was still to be kept (an expiry on access). */
    private record Outcome<T>(T value, RuntimeException refusal) {
    }

    private static final String INR = "INR";
    private static final String ORDERS_PATH = "/api/v1/payments/orders";

    private final QuotationRepository quotations;
    private final QuotationEventPublisher publisher;
    private final ClientDirectory clients;
    private final ConsultantDirectory consultants;
    private final IdempotencyKeys keys;
    private final TransactionalOperator transactions;
    private final QuotationProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    QuotationService(QuotationRepository quotations, QuotationEventPublisher publisher, ClientDirectory clients,
                     ConsultantDirectory consultants, IdempotencyKeys keys, TransactionalOperator transactions,
                     QuotationProperties properties, JsonMapper json, Clock clock) {
        this.quotations = quotations;
        this.publisher = publisher;
        this.clients = clients;
        this.consultants = consultants;
        this.keys = keys;
        this.transactions = transactions;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** A new draft (201); a retry with the same Idempotency-Key and body gets the first answer. */
    Mono<Answer> create(UUID consultantId, String idempotencyKey, QuotationRequests.Draft request) {
        String scope = "quotation-create:" + consultantId;
        return idempotent(scope, idempotencyKey, IdempotencyKeys.hash(json.writeValueAsString(request)), HttpStatus.CREATED,
                () -> details(consultantId, request)
                        .flatMap(details -> inserted(consultantId, Quotation.draft(UUID.randomUUID(), consultantId, details, now()))));
    }

    /** Replaces a draft's details; a quotation that went out is refused (409). */
    Mono<QuotationView> edit(UUID consultantId, UUID id, QuotationRequests.Draft request) {
        return transactions.transactional(details(consultantId, request).flatMap(details -> locked(consultantId, id)
                .flatMap(quotation -> save(quotation, quotation.edit(details, now())))
                .then(get(consultantId, id))));
    }

    /**
     * DRAFT → SENT: makes the share link and raises QuotationSent, which mails it to the client. A retry
     * with the same Idempotency-Key gets the first answer; a second send is refused (409).
     */
    Mono<Answer> send(UUID consultantId, UUID id, String idempotencyKey) {
        String scope = "quotation-send:" + consultantId + ":" + id;
        return idempotent(scope, idempotencyKey, IdempotencyKeys.hash(id.toString()), HttpStatus.OK,
                () -> locked(consultantId, id).flatMap(quotation -> {
                    String token = ShareToken.generate();
                    List<QuotationEvent> events = quotation.send(ShareToken.sha256Hex(token),
                            properties.shareUrlBase() + token, properties.defaultValidity(), now());
                    return save(quotation, events);
                }).then(get(consultantId, id)));
    }

    /**
     * A new draft with the quotation's terms (201). With an Idempotency-Key it is idempotent as create is: a
     * retry after a lost answer (same key, same quotation) gets the first answer instead of a second draft, and
     * the key used to duplicate another quotation is refused (422). Without a key every call makes a draft.
     */
    Mono<Answer> duplicate(UUID consultantId, UUID id, String idempotencyKey) {
        Supplier<Mono<QuotationView>> work = () -> found(consultantId, id)
                .flatMap(original -> inserted(consultantId, original.duplicate(UUID.randomUUID(), now())));
        if (idempotencyKey == null) {
            return transactions.transactional(answer(HttpStatus.CREATED, work));
        }
        String scope = "quotation-duplicate:" + consultantId;
        return idempotent(scope, idempotencyKey, IdempotencyKeys.hash(id.toString()), HttpStatus.CREATED, work);
    }

    /**
     * SENT or VIEWED → WITHDRAWN; the link answers 410 from then on. A withdrawn quotation is answered as it is,
     * with nothing written: the repeat is most likely a retry whose first answer was lost ({@link Quotation#withdraw}).
     */
    Mono<QuotationView> withdraw(UUID consultantId, UUID id) {
        return transactions.transactional(locked(consultantId, id)
                .flatMap(quotation -> save(quotation, quotation.withdraw(now())))
                .then(get(consultantId, id)));
    }

    /** One quotation with its history, oldest first. */
    Mono<QuotationView> get(UUID consultantId, UUID id) {
        return found(consultantId, id).flatMap(quotation -> quotations.history(id)
                .map(line -> new QuotationView.HistoryEntry(line.action(), line.detail(), line.occurredAt()))
                .collectList()
                .map(history -> QuotationView.of(quotation, history)));
    }

    Mono<Page<QuotationView>> list(UUID consultantId, QuotationFilter filter, PageRequest page) {
        return quotations.list(consultantId, filter, page).map(found -> found.map(quotation -> QuotationView.of(quotation, null)));
    }

    Mono<QuotationTotals> totals(UUID consultantId, QuotationFilter filter) {
        return quotations.totals(consultantId, filter)
                .map(total -> new QuotationTotals.Line(total.status(), total.currency(), total.quotations(),
                        QuotationView.major(total.finalAmountMinor())))
                .collectList()
                .map(lines -> {
                    List<QuotationTotals.Line> sorted = new ArrayList<>(lines);
                    sorted.sort(Comparator.comparing(QuotationTotals.Line::status).thenComparing(QuotationTotals.Line::currency));
                    return new QuotationTotals(sorted, sorted.stream().mapToLong(QuotationTotals.Line::quotations).sum());
                });
    }

    /** The quotation and its consultant's public name, for the PDF. */
    Mono<QuotationPdf.Content> pdfContent(UUID consultantId, UUID id) {
        return found(consultantId, id).flatMap(quotation -> consultants.publicName(consultantId)
                .map(name -> new QuotationPdf.Content(quotation, name))
                .defaultIfEmpty(new QuotationPdf.Content(quotation, null)));
    }

    /**
     * The client opens the link. A viewer the caller recognises as a link scanner ({@code prefetch}) sees
     * the quotation without it counting as a view; otherwise the view counts and may raise QuotationViewed
     * (first view, then at most once per viewer per {@link QuotationProperties#viewThrottle()}).
     *
     * @throws NotFoundProblem for a token that is no quotation's
     * @throws QuotationWithdrawnException (410) for a withdrawn quotation
     */
    Mono<PublicQuotationView> viewShared(String token, String viewerHash, boolean prefetch) {
        if (prefetch) {
            return byToken(quotations::findByTokenHash, token).flatMap(quotation -> {
                if (quotation.status() == QuotationStatus.WITHDRAWN) {
                    return Mono.error(new QuotationWithdrawnException());
                }
                return shown(quotation);
            });
        }
        return transactions.transactional(byToken(quotations::lockByTokenHash, token).flatMap(quotation -> {
            Instant now = now();
            if (quotation.isExpiryDue(now)) {
                return save(quotation, quotation.expireIfDue(now)).thenReturn(quotation);
            }
            if (quotation.status() == QuotationStatus.WITHDRAWN) {
                return Mono.error(new QuotationWithdrawnException());
            }
            // Every view changes the count, so the quotation is written even when no event is raised.
            return quotations.viewedBy(quotation.id(), viewerHash, properties.viewThrottle(), now)
                    .map(notify -> quotation.view(notify, now))
                    .flatMap(events -> quotations.update(quotation).then(publisher.publish(quotation, events)))
                    .thenReturn(quotation);
        })).flatMap(this::shown);
    }

    /**
     * The client accepts: QuotationAccepted (the quotation becomes a payable in payment-service) and the
     * payment capability for the order. Accepting again answers the same.
     *
     * @throws QuotationTransitionException (409) when expired, rejected or a draft
     */
    Mono<AcceptAnswer> accept(String token) {
        String capability = ShareToken.paymentCapability(token);
        return answering(token, quotation -> quotation.accept(ShareToken.sha256Hex(capability), now()))
                .flatMap(quotation -> shown(quotation).map(view -> new AcceptAnswer(view, quotation.paidAt() != null ? null
                        : new AcceptAnswer.Payment(quotation.id(), capability,
                        QuotationView.major(quotation.details().pricing().finalAmountMinor()),
                        quotation.details().currency(), ORDERS_PATH))));
    }

    /**
     * The client declines, optionally saying why. A rejected quotation is answered as it is, with nothing
     * written: the repeat is most likely a retry whose first answer was lost ({@link Quotation#reject}).
     */
    Mono<PublicQuotationView> reject(String token, String reason) {
        return answering(token, quotation -> quotation.reject(reason, now())).flatMap(this::shown);
    }

    /** Payment-service captured the money for an accepted quotation. */
    Mono<Void> paid(UUID quotationId, Instant at) {
        return transactions.transactional(quotations.lockById(quotationId)
                .flatMap(quotation -> save(quotation, quotation.paid(at))));
    }

    /** Expires up to {@code limit} open quotations past their expiry; returns how many. */
    Mono<Long> expireDue(int limit) {
        Instant now = now();
        return transactions.transactional(quotations.lockDueForExpiry(now, limit)
                .concatMap(quotation -> save(quotation, quotation.expireIfDue(now)).thenReturn(1L))
                .count());
    }

    /**
     * Applies an answer of the client. An answer after the expiry expires the quotation (kept) and is then
     * refused, after the transaction committed.
     */
    private Mono<Quotation> answering(String token, java.util.function.Function<Quotation, List<QuotationEvent>> answer) {
        return transactions.transactional(byToken(quotations::lockByTokenHash, token).flatMap(quotation -> {
            try {
                List<QuotationEvent> events = answer.apply(quotation);
                return save(quotation, events).thenReturn(new Outcome<>(quotation, null));
            } catch (ExpiredOnAccessException expired) {
                return save(quotation, expired.events()).thenReturn(new Outcome<Quotation>(quotation, expired));
            }
        })).flatMap(outcome -> outcome.refusal() != null ? Mono.error(outcome.refusal()) : Mono.just(outcome.value()));
    }

    private Mono<PublicQuotationView> shown(Quotation quotation) {
        QuotationStatus status = quotation.isExpiryDue(now()) ? QuotationStatus.EXPIRED : quotation.status();
        return consultants.publicName(quotation.consultantId())
                .map(name -> PublicQuotationView.of(quotation, name, status))
                .defaultIfEmpty(PublicQuotationView.of(quotation, null, status));
    }

    private Mono<Quotation> byToken(java.util.function.Function<String, Mono<Quotation>> lookup, String token) {
        Mono<Quotation> found = ShareToken.isWellFormed(token) ? lookup.apply(ShareToken.sha256Hex(token)) : Mono.empty();
        return found.switchIfEmpty(Mono.error(() -> new NotFoundProblem("Quotation")));
    }

    private Mono<Void> save(Quotation quotation, List<QuotationEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        return quotations.update(quotation).then(publisher.publish(quotation, events));
    }

    private Mono<Quotation> found(UUID consultantId, UUID id) {
        return quotations.find(consultantId, id).switchIfEmpty(Mono.error(() -> new NotFoundProblem("Quotation " + id)));
    }

    private Mono<Quotation> locked(UUID consultantId, UUID id) {
        return quotations.lock(consultantId, id).switchIfEmpty(Mono.error(() -> new NotFoundProblem("Quotation " + id)));
    }

    /** Inserts a new quotation with its events; answers it as the dashboard shows it. */
    private Mono<QuotationView> inserted(UUID consultantId, Quotation.Created created) {
        return quotations.insert(created.quotation())
                .then(publisher.publish(created.quotation(), created.events()))
                .then(get(consultantId, created.quotation().id()));
    }

    /** Claims the key in the transaction that does the work and stores the answer there too. */
    private Mono<Answer> idempotent(String scope, String key, String requestHash, HttpStatus status,
                                    Supplier<Mono<QuotationView>> work) {
        return transactions.transactional(keys.claim(scope, key, requestHash)
                .map(stored -> new Answer(stored.status(), stored.body()))
                .switchIfEmpty(answer(status, work)
                        .flatMap(answer -> keys.complete(scope, key, answer.status(), answer.body()).thenReturn(answer))));
    }

    /** The work's view as the answer's JSON body, as it is stored for an Idempotency-Key. */
    private Mono<Answer> answer(HttpStatus status, Supplier<Mono<QuotationView>> work) {
        return Mono.defer(work).map(view -> new Answer(status.value(), json.writeValueAsString(view)));
    }

    /**
     * The draft's details with every field checked at once; the client comes from booking's clients when
     * {@code clientId} is given.
     *
     * @throws InvalidInputException naming every field that is refused
     */
    private Mono<QuotationDetails> details(UUID consultantId, QuotationRequests.Draft request) {
        FieldErrors errors = new FieldErrors();
        boolean byId = request.clientId() != null;
        if (byId && (request.clientName() != null || request.clientEmail() != null)) {
            errors.reject("clientId", "give either clientId or clientName and clientEmail, not both");
        }
        if (!byId) {
            if (request.clientName() == null || request.clientName().isBlank()) {
                errors.reject("clientName", "is required without clientId");
            }
            if (request.clientEmail() == null || request.clientEmail().isBlank()) {
                errors.reject("clientEmail", "is required without clientId");
            }
        }
        Long base = minorOf(request.baseAmount(), errors);
        Pricing pricing = null;
        if (base != null) {
            try {
                pricing = Pricing.of(base, request.discountPercentage());
            } catch (PricingException refused) {
                errors.reject(refused.field(), refused.getMessage());
            }
        }
        String currency = request.currency() == null ? INR : request.currency().toUpperCase(Locale.ROOT);
        if (!INR.equals(currency)) {
            errors.reject("currency", "only INR is supported");
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now())) {
            errors.reject("expiresAt", "must be in the future");
        }
        if (request.imageUrl() != null && !isWebAddress(request.imageUrl())) {
            errors.reject("imageUrl", "must be an http or https URL");
        }
        errors.throwIfAny();
        Pricing price = pricing;
        Mono<ClientDirectory.KnownClient> client = byId
                ? clients.find(consultantId, request.clientId())
                        .switchIfEmpty(Mono.error(() -> new InvalidInputException("clientId", "is not one of your clients")))
                : Mono.just(new ClientDirectory.KnownClient(null, request.clientName().strip(), request.clientEmail().strip()));
        return client.map(known -> new QuotationDetails(known.id(), known.name(), known.email(), request.name().strip(),
                blankToNull(request.description()), price, currency, blankToNull(request.validityText()),
                request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MICROS),
                blankToNull(request.imageUrl()), blankToNull(request.notes())));
    }

    /** Major units (at most two decimals) as paise, or null after recording why not. */
    private static Long minorOf(BigDecimal amount, FieldErrors errors) {
        if (amount == null) {
            return null;
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            errors.reject("baseAmount", "must have at most 2 decimals");
            return null;
        }
        if (amount.compareTo(QuotationView.major(Pricing.MAXIMUM_MINOR)) > 0 || amount.signum() <= 0) {
            errors.reject("baseAmount", "must be between 1.00 and 10000000.00");
            return null;
        }
        return amount.movePointRight(2).longValueExact();
    }

    private static boolean isWebAddress(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException notOne) {
            return false;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** Postgres keeps microseconds; comparing what was written with what is held needs the same precision. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
