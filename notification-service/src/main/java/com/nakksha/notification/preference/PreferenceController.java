package com.nakksha.notification.preference;

import java.util.Map;

import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.security.Caller;
import com.nakksha.notification.mail.EmailTemplate;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own notification preferences: {@code GET} lists every optional mail with whether it
 * is wanted; {@code PUT} with {@code {"mails": {"QUOTATION_VIEWED": false}}} changes the named ones.
 * Naming a transactional mail answers 400 and changes nothing.
 */
@RestController
@RequestMapping("/api/v1/notifications/preferences")
class PreferenceController {

    private final PreferenceService preferences;

    PreferenceController(PreferenceService preferences) {
        this.preferences = preferences;
    }

    @GetMapping
    Mono<PreferenceService.Preferences> get(Caller caller) {
        return preferences.of(caller.consultantId());
    }

    @PutMapping
    Mono<PreferenceService.Preferences> change(Caller caller, @Valid @RequestBody Change change) {
        if (change.mails().values().stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidInputException("mails", "each value must be true or false");
        }
        return preferences.change(caller.consultantId(), change.mails());
    }

    /** @param mails template name to wanted (true) or not (false) */
    record Change(@NotNull Map<EmailTemplate, Boolean> mails) {
    }
}
