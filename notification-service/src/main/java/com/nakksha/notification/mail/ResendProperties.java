package com.nakksha.notification.mail;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Resend's HTTP API, used when {@code nakksha.notification.delivery.provider=resend}.
 *
 * @param baseUrl where the API answers
 * @param apiKey the {@code re_...} key (a secret: set it from the environment, never in a file)
 * @param webhookSecret the webhook signing secret ({@code whsec_<base64>}); webhooks are refused while it is empty
 * @param timeout connect and read timeout of one call
 * @param webhookTolerance how far a webhook's signed timestamp may be from now (replays older than this are refused)
 */
@ConfigurationProperties("nakksha.notification.resend")
public record ResendProperties(
        @DefaultValue("https://api.resend.com") String baseUrl,
        @DefaultValue("") String apiKey,
        @DefaultValue("") String webhookSecret,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("5m") Duration webhookTolerance) {
}
