package com.nakksha.notification.preference;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.notification.mail.EmailTemplate;
import com.nakksha.notification.mail.QueuedMail;
import com.nakksha.notification.mail.SendGate;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * A consultant's notification preferences (issue 8): which of their optional mails they want. Every
 * optional mail is wanted until turned off; transactional mails (account mails, every client mail)
 * cannot be turned off. A choice applies at send time, so it also holds back mails already queued.
 */
@Service
public class PreferenceService implements SendGate {

    private final PreferenceRepository preferences;
    private final TransactionalOperator transaction;
    private final Clock clock;

    PreferenceService(PreferenceRepository preferences, TransactionalOperator transaction, Clock clock) {
        this.preferences = preferences;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** One entry per optional template, by name, in the template's order. */
    public Mono<Preferences> of(UUID consultantId) {
        return preferences.choices(consultantId).map(choices -> {
            List<Preferences.Choice> all = new ArrayList<>();
            for (EmailTemplate template : EmailTemplate.values()) {
                if (template.optional()) {
                    all.add(new Preferences.Choice(template, choices.getOrDefault(template.name(), true)));
                }
            }
            return new Preferences(all);
        });
    }

    /**
     * Stores the choices named; templates not named keep theirs.
     *
     * @throws InvalidInputException on {@code mails.<TEMPLATE>} when that mail cannot be turned off
     */
    public Mono<Preferences> change(UUID consultantId, Map<EmailTemplate, Boolean> changes) {
        List<InvalidInputException.Violation> refused = changes.entrySet().stream()
                .filter(change -> !change.getKey().optional())
                .map(change -> new InvalidInputException.Violation("mails." + change.getKey().name(),
                        "is a transactional mail and cannot be turned off; optional ones are "
                                + Arrays.stream(EmailTemplate.values()).filter(EmailTemplate::optional).map(Enum::name).toList()))
                .toList();
        if (!refused.isEmpty()) {
            return Mono.error(new InvalidInputException(refused));
        }
        Map<String, Boolean> byName = new TreeMap<>();
        changes.forEach((template, enabled) -> byName.put(template.name(), enabled));
        return preferences.save(consultantId, byName, clock.instant()).as(transaction::transactional).then(of(consultantId));
    }

    @Override
    public Mono<String> refusal(QueuedMail mail) {
        if (mail.consultantId() == null || !mail.template().optional()) {
            return Mono.empty();
        }
        return preferences.enabled(mail.consultantId(), mail.template().name())
                .filter(enabled -> !enabled)
                .map(off -> "the consultant turned off " + mail.template().name() + " mails");
    }

    /** @param mails each optional mail and whether it is wanted */
    public record Preferences(List<Choice> mails) {

        public record Choice(EmailTemplate template, boolean enabled) {
        }
    }
}
