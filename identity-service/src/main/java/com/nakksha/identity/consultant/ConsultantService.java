package com.nakksha.identity.consultant;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.identity.account.EmailAddress;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Consultant accounts as the other features use them: reads, and writes that store the aggregate
 * together with the events it raised. Writes run in the caller's transaction, so a feature's own
 * rows (links, audit entries, revoked tokens) commit or roll back with the consultant.
 */
@Service
public class ConsultantService {

    private final ConsultantRepository consultants;
    private final ConsultantEventPublisher events;

    ConsultantService(ConsultantRepository consultants, ConsultantEventPublisher events) {
        this.consultants = consultants;
        this.events = events;
    }

    /** Empty when there is no such consultant. */
    public Mono<LoadedConsultant> findById(UUID id) {
        return consultants.findById(id);
    }

    /** Like {@link #findById}, locking the row until the transaction ends, so concurrent changes queue up. */
    public Mono<LoadedConsultant> findByIdForUpdate(UUID id) {
        return consultants.findByIdForUpdate(id);
    }

    /** Emails compare case-insensitively; empty when no consultant has this email. */
    public Mono<LoadedConsultant> findByEmail(EmailAddress email) {
        return consultants.findByEmail(email);
    }

    public Mono<Boolean> emailTaken(EmailAddress email) {
        return consultants.emailTaken(email);
    }

    public Mono<Boolean> slugTakenByAnother(Slug slug, UUID consultantId) {
        return consultants.slugTakenByAnother(slug, consultantId);
    }

    /**
     * {@code base} when no consultant uses it, else the first free {@code base-N} from N = 2. Inside the caller's
     * transaction, callers of one {@code base} queue on a lock held until their commit, so a dozen signups of one
     * name at once each get their own slug instead of racing for the same one (the unique index stays the guard,
     * against a consultant who types that slug into their profile meanwhile).
     */
    public Mono<Slug> freeSlug(Slug base) {
        return consultants.lockSlugFamily(base).thenMany(consultants.slugsLike(base)).collect(HashSet<String>::new, Set::add).map(taken -> {
            if (!taken.contains(base.value())) {
                return base;
            }
            for (int n = 2; ; n++) {
                Slug candidate = base.withSuffix(n);
                if (!taken.contains(candidate.value())) {
                    return candidate;
                }
            }
        });
    }

    /** The consultants matching {@code search}, one page of them in the order {@code page} asks for. */
    public Mono<Page<Consultant>> search(ConsultantSearch search, PageRequest page) {
        return consultants.search(search, page);
    }

    /** Stores a new consultant and its registration event; fails on a duplicate email or slug (unique indexes). */
    public Mono<Void> register(Consultant.Registration registration) {
        return consultants.insert(registration.consultant()).then(events.publish(registration.events(), 0));
    }

    /**
     * Writes back a consultant read at {@code readRowVersion} with the events its change raised, which carry
     * the version this write gives the account ({@code readRowVersion + 1});
     * fails with {@code OptimisticLockingFailureException} when another transaction changed it since.
     */
    public Mono<Void> save(Consultant consultant, long readRowVersion, List<ConsultantEvent> raised) {
        return consultants.update(consultant, readRowVersion).then(events.publish(raised, readRowVersion + 1));
    }

    /** {@link #save(Consultant, long, List)} for a change that raises no event (password, email verification). */
    public Mono<Void> save(Consultant consultant, long readRowVersion) {
        return save(consultant, readRowVersion, List.of());
    }
}
