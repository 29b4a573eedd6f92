package com.nakksha.notification;

import com.nakksha.infrastructure.process.FreePorts;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * The SMTP server notification-service sends to in tests (GreenMail in the test JVM), and the delivery settings
 * that make its retries fast; part of {@link NotificationServiceTest}, so every test class shares one context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestMailServer {

    /** On a fixed free port, so a test can stop it and start it again where the service expects it. */
    public static final GreenMail SMTP = new GreenMail(new ServerSetup(FreePorts.any(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        SMTP.start();
    }

    @Bean
    DynamicPropertyRegistrar mailServerProperties() {
        return registry -> {
            registry.add("spring.mail.host", () -> "127.0.0.1");
            registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
            registry.add("nakksha.notification.delivery.poll-interval", () -> "200ms");
            registry.add("nakksha.notification.delivery.initial-backoff", () -> "200ms");
            registry.add("nakksha.notification.delivery.max-backoff", () -> "1s");
            registry.add("nakksha.notification.delivery.max-attempts", () -> "4");
            registry.add("nakksha.notification.booking.payment-mail-delay", () -> "3s");
            registry.add("nakksha.notification.resend.webhook-secret", () -> NotificationServiceTest.RESEND_WEBHOOK_SECRET);
            // Tests plan agendas themselves (DailyAgendaIT).
            registry.add("nakksha.notification.agenda.initial-delay", () -> "1h");
            registry.add("nakksha.notification.agenda.poll-interval", () -> "1h");
        };
    }
}
