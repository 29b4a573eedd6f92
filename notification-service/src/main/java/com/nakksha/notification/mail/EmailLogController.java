package com.nakksha.notification.mail;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.security.Caller;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The email log (issue 8): a consultant lists the mails that belong to them (their own and those to
 * their clients), an admin lists all. Another consultant's entry answers 404. Filters: {@code status}
 * and {@code template} (repeatable), {@code recipient} (contains), {@code from}/{@code to} (UTC
 * instants on the queued time); paging with {@code page}, {@code size} (at most 100) and
 * {@code sort=createdAt|sentAt|status[,asc|desc]}, newest first by default.
 */
@RestController
class EmailLogController {

    static final int MAX_PAGE_SIZE = 100;

    private final EmailLogRepository log;

    EmailLogController(EmailLogRepository log) {
        this.log = log;
    }

    @GetMapping("/api/v1/email-logs")
    Mono<Page<EmailLogEntry>> list(Caller caller,
                                   @RequestParam(required = false) List<EmailStatus> status,
                                   @RequestParam(required = false) List<EmailTemplate> template,
                                   @RequestParam(required = false) String recipient,
                                   @RequestParam(required = false) Instant from,
                                   @RequestParam(required = false) Instant to,
                                   @RequestParam(required = false) Integer page,
                                   @RequestParam(required = false) Integer size,
                                   @RequestParam(required = false) String sort) {
        return log.list(filter(caller.consultantId(), status, template, recipient, from, to), pageRequest(page, size, sort));
    }

    @GetMapping("/api/v1/email-logs/{id}")
    Mono<EmailLogEntry> get(Caller caller, @PathVariable UUID id) {
        return log.find(id)
                .filter(entry -> caller.consultantId().equals(entry.consultantId()))
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("email log entry " + id)));
    }

    /** Every mail, platform mails included; {@code consultantId} narrows it to one consultant's. */
    @GetMapping("/api/v1/notifications/admin/email-logs")
    Mono<Page<EmailLogEntry>> listAll(@RequestParam(required = false) UUID consultantId,
                                      @RequestParam(required = false) List<EmailStatus> status,
                                      @RequestParam(required = false) List<EmailTemplate> template,
                                      @RequestParam(required = false) String recipient,
                                      @RequestParam(required = false) Instant from,
                                      @RequestParam(required = false) Instant to,
                                      @RequestParam(required = false) Integer page,
                                      @RequestParam(required = false) Integer size,
                                      @RequestParam(required = false) String sort) {
        return log.list(filter(consultantId, status, template, recipient, from, to), pageRequest(page, size, sort));
    }

    @GetMapping("/api/v1/notifications/admin/email-logs/{id}")
    Mono<EmailLogEntry> getAny(@PathVariable UUID id) {
        return log.find(id).switchIfEmpty(Mono.error(() -> new NotFoundProblem("email log entry " + id)));
    }

    private static PageRequest pageRequest(Integer page, Integer size, String sort) {
        return PageRequest.of(page, size, sort, EmailLogRepository.SORT_COLUMNS.keySet(), "createdAt,desc", MAX_PAGE_SIZE);
    }

    private static EmailLogFilter filter(UUID consultantId, List<EmailStatus> status, List<EmailTemplate> template,
                                         String recipient, Instant from, Instant to) {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new InvalidInputException("to", "must be after from");
        }
        if (recipient != null && recipient.length() > 320) {
            throw new InvalidInputException("recipient", "must be at most 320 characters");
        }
        return new EmailLogFilter(consultantId, set(status), set(template),
                from, to, recipient);
    }

    private static <E> Set<E> set(List<E> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }
}
