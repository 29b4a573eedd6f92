package com.nakksha.booking.client;

import com.nakksha.booking.BookingProperties;
import com.nakksha.booking.consultant.ConsultantService;
import com.nakksha.defaults.problem.ConflictProblem;
import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

@Service
public class ClientService {

    /** A client found by email or just created; {@code created} tells which. */
    public record Match(Client client, boolean created) {
    }

    private final ClientRepository clients;
    private final ConsultantService consultants;
    private final ClientEventPublisher events;
    private final TransactionalOperator transactions;
    private final Clock clock;
    private final BookingProperties properties;

    ClientService(ClientRepository clients, ConsultantService consultants, ClientEventPublisher events,
                  TransactionalOperator transactions, Clock clock, BookingProperties properties) {
        this.clients = clients;
        this.consultants = consultants;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
    }

    public Mono<Client> get(UUID consultantId, UUID clientId) {
        return clients.find(consultantId, clientId).switchIfEmpty(Mono.error(() -> new NotFoundProblem("Client " + clientId)));
    }

    public Mono<Client> create(UUID consultantId, ClientDetails details) {
        return transactions.transactional(createInTransaction(consultantId, details));
    }

    /** Creates a client as part of a larger transaction; a consultant's second client with one email is a conflict. */
    public Mono<Client> createInTransaction(UUID consultantId, ClientDetails details) {
        return findOrCreateInTransaction(consultantId, details)
                .flatMap(match -> match.created() ? Mono.just(match.client())
                        : Mono.error(new ConflictProblem("Client exists",
                        "email: this consultant already has a client with email " + details.email())));
    }

    /** The consultant's client with this email (any case), or a new one; runs inside the caller's transaction. */
    public Mono<Match> findOrCreateInTransaction(UUID consultantId, ClientDetails details) {
        return currencyOf(consultantId).flatMap(currency -> findOrCreateInTransaction(consultantId, details, currency));
    }

    /**
     * {@link #findOrCreateInTransaction(UUID, ClientDetails)} for a caller that has read the consultant's profile
     * already, which saves reading it again.
     *
     * @param currency ISO 4217 code of the consultant's prices ({@link #currencyOf}), the one a new client's totals are in
     */
    public Mono<Match> findOrCreateInTransaction(UUID consultantId, ClientDetails details, String currency) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Client candidate = new Client(UUID.randomUUID(), consultantId, details.name(), details.email(),
                details.phoneCountryCode(), details.phoneNumber(), details.address(), details.city(), details.state(),
                details.country(), true, 0, 0, currency, now, now);
        return clients.insertIfNew(candidate)
                .flatMap(created -> events.created(created, now)
                        .thenReturn(new Match(created, true)))
                .switchIfEmpty(Mono.defer(() -> clients.findByEmail(consultantId, details.email())
                        .map(existing -> new Match(existing, false))));
    }

    /**
     * {@link #findOrCreateInTransaction(UUID, ClientDetails, String)} that also adds a new session's counts to the
     * client's totals in the same statement, instead of a later {@link #addToTotals}: a new client starts with them.
     * ClientCreated is raised only for a new client.
     *
     * @param added what the session adds: sessions counted, and paid in minor units of the client's currency
     */
    public Mono<Match> findOrCreateAddingToTotalsInTransaction(UUID consultantId, ClientDetails details, String currency,
                                                               ClientTotals added) {
        if (added.sessions() == 0 && added.paidMinor() == 0) {
            // Nothing to add: an existing client's row is only read, not rewritten.
            return findOrCreateInTransaction(consultantId, details, currency);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Client candidate = new Client(UUID.randomUUID(), consultantId, details.name(), details.email(),
                details.phoneCountryCode(), details.phoneNumber(), details.address(), details.city(), details.state(),
                details.country(), true, added.sessions(), added.paidMinor(), currency, now, now);
        return clients.upsertAddingToTotals(candidate, added)
                .flatMap(match -> match.created() ? events.created(match.client(), now).thenReturn(match) : Mono.just(match));
    }

    /**
     * The client a quotation was accepted by, in the consultant's list (issue 9: booking owns clients and
     * reacts to QuotationAccepted). A quotation addressed to an existing client ({@code clientId} still
     * in the list) changes nothing; otherwise the consultant's client with this email, compared
     * case-insensitively, is matched, or a new one is created with the name and email and announced by
     * ClientCreated. Runs inside the caller's transaction (the inbox's), so an event seen twice has no
     * second effect.
     *
     * @param clientId the quotation's client id, null when it was addressed to a name and email
     * @return empty when there is neither a known client nor a name and email (QuotationAccepted v1 carried none)
     */
    public Mono<Match> fromAcceptedQuotationInTransaction(UUID consultantId, UUID clientId, String name, String email) {
        Mono<Match> byEmail = name == null || name.isBlank() || email == null || email.isBlank() ? Mono.empty()
                : Mono.defer(() -> findOrCreateInTransaction(consultantId,
                        new ClientDetails(name, email, null, null, null, null, null, null)));
        if (clientId == null) {
            return byEmail;
        }
        return clients.find(consultantId, clientId).map(existing -> new Match(existing, false)).switchIfEmpty(byEmail);
    }

    public Mono<Client> update(UUID consultantId, UUID clientId, ClientDetails details, Boolean active) {
        Instant now = clock.instant();
        return get(consultantId, clientId)
                .flatMap(current -> clients.update(consultantId, clientId, details,
                        active == null ? current.active() : active, now))
                .onErrorMap(DuplicateKeyException.class, duplicate -> new ConflictProblem("Client exists",
                        "email: this consultant already has a client with email " + details.email()));
    }

    /**
     * The client a new session is recorded for, inside the caller's transaction: a deactivated one
     * is refused with 409 naming them, unless {@code reactivate}, which makes them active again (undone
     * with the transaction if the session is refused). 404 when the consultant has no such client.
     */
    public Mono<Client> activeForSessionInTransaction(UUID consultantId, UUID clientId, boolean reactivate) {
        return get(consultantId, clientId).flatMap(client -> {
            if (client.active()) {
                return Mono.just(client);
            }
            if (!reactivate) {
                return Mono.error(new ConflictProblem("Client deactivated", "clientId: client " + client.name() + " ("
                        + client.id() + ") is deactivated; send \"reactivateClient\": true to reactivate them with this "
                        + "session, or reactivate them first"));
            }
            return clients.activate(consultantId, clientId, clock.instant());
        });
    }

    public Mono<Client> deactivate(UUID consultantId, UUID clientId) {
        return clients.deactivate(consultantId, clientId, clock.instant())
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Client " + clientId)));
    }

    public Mono<Page<Client>> list(UUID consultantId, ClientFilter filter, PageRequest page) {
        return clients.list(consultantId, filter, page);
    }

    public Mono<String> currencyOf(UUID consultantId) {
        return consultants.currencyOf(consultantId);
    }

    /**
     * Replaces the client's totals with a recount, inside the caller's transaction. The client is
     * locked before {@code recount} runs, so a recount after a concurrent change of the same
     * client's sessions waits for it and includes it.
     */
    public Mono<Void> recountTotals(UUID clientId, Supplier<Mono<ClientTotals>> recount) {
        return clients.lockForTotals(clientId)
                .then(Mono.defer(recount))
                .flatMap(totals -> clients.storeTotals(clientId, totals));
    }

    /**
     * Adds a new session to the client's totals, inside the caller's transaction, in one statement instead of
     * {@link #recountTotals}' three. Exact in any interleaving with recounts: the update waits for a recount that
     * holds the client's row and adds to what it stored, and a later recount's snapshot sees the new session.
     * Only for a session inserted in this transaction; a changed session is recounted.
     *
     * @param sessions 1 when the new session counts for its client, else 0
     * @param paidMinor what the new session has been paid, in minor units (paise), 0 when unpaid
     */
    public Mono<Void> addToTotals(UUID clientId, int sessions, long paidMinor) {
        if (sessions == 0 && paidMinor == 0) {
            return Mono.empty();
        }
        return clients.addToTotals(clientId, sessions, paidMinor);
    }

    int maxPageSize() {
        return properties.maxPageSize();
    }
}
