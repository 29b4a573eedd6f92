package com.nakksha.notification.account;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nakksha.notification.NotificationProperties;
import com.nakksha.notification.mail.EmailTemplate;
import com.nakksha.notification.mail.QueuedMail;
import com.nakksha.notification.mail.SealedTokens;
import com.nakksha.notification.mail.SendTimeCheck;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Verification, reset and sign-in mails carry a working link or are not sent: an expired link is skipped
 * (the consultant asks for a new one), a live one is opened from its sealed token only now.
 */
@Component
class EmailLinkCheck implements SendTimeCheck {

    private final SealedTokens tokens;
    private final NotificationProperties properties;
    private final Clock clock;

    EmailLinkCheck(SealedTokens tokens, NotificationProperties properties, Clock clock) {
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public boolean covers(EmailTemplate template) {
        return template == EmailTemplate.EMAIL_VERIFICATION || template == EmailTemplate.PASSWORD_RESET
                || template == EmailTemplate.LOGIN_LINK;
    }

    @Override
    public Mono<Decision> decide(QueuedMail mail) {
        Map<String, String> model = mail.model();
        if (!clock.instant().isBefore(Instant.parse(model.get("expiresAt")))) {
            return Mono.just(new Skip("the link expired before the mail could be sent"));
        }
        String token = tokens.open(model.get("sealedToken"), model.get("purpose") + ":" + mail.consultantId());
        String path = switch (mail.template()) {
            case EMAIL_VERIFICATION -> "/verify-email";
            case LOGIN_LINK -> "/login-link";
            default -> "/reset-password";
        };
        String link = properties.appBaseUrl() + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return Mono.just(new Send(Map.of("link", link, "token", token), List.of()));
    }
}
