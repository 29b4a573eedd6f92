package com.nakksha.identity.throttle;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nakksha.identity.audit.SecurityEvents;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Failed logins kept in the database, so every instance of the service sees the same counts.
 * Subjects are the account as typed ({@code consultant:<email>}, {@code admin:<email>}), the
 * account at one client address ({@code <account>@<ip>}) and the address ({@code address:<ip>}).
 * An attempt is reserved as a failure before the password is checked, under a lock per account
 * and address, so parallel guesses cannot all pass the check before any of them is counted;
 * a successful login takes its reservation back. A refused attempt is a security event (a lockout).
 */
@Component
public class LoginThrottle {

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final LoginThrottlePolicy policy;
    private final SecurityEvents events;
    private final Clock clock;

    public LoginThrottle(DatabaseClient database, TransactionalOperator transactions, LoginProperties properties,
                         SecurityEvents events, Clock clock) {
        this.events = events;
        this.database = database;
        this.transactions = transactions;
        this.policy = properties.policy();
        this.clock = clock;
    }

    /**
     * Counts this attempt as a failure unless a limit is already reached, in which case it fails with
     * {@link LoginThrottled} (counting nothing). Committed before it returns.
     */
    public Mono<Reservation> reserve(String accountSubject, String address) {
        Instant now = clock.instant();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        String pair = accountSubject + "@" + address;
        String addressSubject = addressSubject(address);
        Mono<Reservation> work = lock(accountSubject).then(lock(addressSubject))
                .then(database.sql("""
                                SELECT subject, failed_at FROM login_failure
                                WHERE subject IN (:pair, :address, :account) AND failed_at > :since""")
                        .bind("pair", pair).bind("address", addressSubject).bind("account", accountSubject)
                        .bind("since", OffsetDateTime.ofInstant(now.minus(policy.window()), ZoneOffset.UTC))
                        .map(row -> new Failure(row.get("subject", String.class), row.get("failed_at", OffsetDateTime.class).toInstant()))
                        .all().collectList())
                .flatMap(failures -> {
                    var block = policy.blocked(at(failures, pair), at(failures, addressSubject), at(failures, accountSubject), now);
                    if (block.isPresent()) {
                        return Mono.error(new LoginThrottled(block.get().retryAfter(), block.get().accountWide()));
                    }
                    return database.sql("""
                                    INSERT INTO login_failure (subject, failed_at) VALUES (:pair, :now), (:address, :now), (:account, :now)
                                    RETURNING id, subject""")
                            .bind("pair", pair).bind("address", addressSubject).bind("account", accountSubject).bind("now", at)
                            .map(row -> new Failure(row.get("subject", String.class), null, row.get("id", Long.class)))
                            .all().collectList()
                            .map(rows -> new Reservation(accountSubject, pair, rows.stream()
                                    .filter(row -> row.subject().equals(addressSubject)).map(Failure::id).findFirst().orElseThrow()));
                });
        return transactions.transactional(work)
                .onErrorResume(LoginThrottled.class, throttled -> {
                    int colon = accountSubject.indexOf(':');
                    return events.record(SecurityEvents.Kind.LOGIN_THROTTLED, accountSubject.substring(0, colon).toUpperCase(Locale.ROOT),
                                    null, accountSubject.substring(colon + 1), address,
                                    Map.of("retryAfterSeconds", throttled.retryAfter().toSeconds(), "accountWide", throttled.accountWide()))
                            .then(Mono.error(throttled));
                });
    }

    /**
     * A successful login forgives the account's failures, from anywhere and from this address, and takes
     * back its own reservation; the address's earlier failures stay.
     */
    public Mono<Void> succeeded(Reservation reservation) {
        return database.sql("DELETE FROM login_failure WHERE subject IN (:account, :pair) OR id = :id")
                .bind("account", reservation.accountSubject()).bind("pair", reservation.pairSubject()).bind("id", reservation.addressFailureId())
                .fetch().rowsUpdated().then();
    }

    /** Forgets every failure counted against the account: its owner proved the mailbox (password reset or sign-in link). */
    public Mono<Void> forgiveAccount(String accountSubject) {
        return database.sql("DELETE FROM login_failure WHERE subject = :account OR subject LIKE :pairs")
                .bind("account", accountSubject).bind("pairs", accountSubject.replace("%", "\\%").replace("_", "\\_") + "@%")
                .fetch().rowsUpdated().then();
    }

    @Scheduled(fixedDelayString = "PT10M")
    public void forgetOldFailures() {
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(clock.instant().minus(policyWindow().multipliedBy(2)), ZoneOffset.UTC);
        database.sql("DELETE FROM login_failure WHERE failed_at < :cutoff").bind("cutoff", cutoff).fetch().rowsUpdated().block();
    }

    private Duration policyWindow() {
        return policy.window();
    }

    // Transaction-scoped advisory lock: parallel attempts on one subject are counted one after the other.
    private Mono<Void> lock(String subject) {
        return database.sql("SELECT pg_advisory_xact_lock(hashtextextended(:subject, 0)) AS locked").bind("subject", subject)
                .map(row -> Boolean.TRUE).first().then();
    }

    private static List<Instant> at(List<Failure> failures, String subject) {
        List<Instant> times = new ArrayList<>();
        failures.stream().filter(failure -> failure.subject().equals(subject)).forEach(failure -> times.add(failure.at()));
        return times;
    }

    /** The client's address as the login limits count it (behind the gateway, the forwarded one). */
    public static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    private static String addressSubject(String address) {
        return "address:" + address;
    }

    private record Failure(String subject, Instant at, Long id) {
        Failure(String subject, Instant at) {
            this(subject, at, null);
        }
    }

    /** An attempt counted in advance; hand it back with {@link #succeeded} when the login succeeds. */
    public record Reservation(String accountSubject, String pairSubject, long addressFailureId) {
    }
}
