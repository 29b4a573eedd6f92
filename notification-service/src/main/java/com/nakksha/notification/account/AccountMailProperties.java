package com.nakksha.notification.account;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Account mails (identity's events).
 *
 * @param appBaseUrl where the web app answers; verification and reset links point there
 * @param adminRecipients who is told that a consultant waits for approval (identity publishes no admin addresses)
 * @param defaultTimeZone IANA zone for a consultant whose profile has not named one yet
 * @param linkTokenKeys base64 32-byte keys by id that open the tokens sealed in ConsultantEmailLinkRequested;
 *                      the same keys as identity's {@code nakksha.identity.link-tokens.keys}
 */
@ConfigurationProperties("nakksha.notification.account")
public record AccountMailProperties(
        @DefaultValue("http://localhost:8080") String appBaseUrl,
        @DefaultValue List<String> adminRecipients,
        @DefaultValue("Asia/Kolkata") String defaultTimeZone,
        @DefaultValue Map<String, String> linkTokenKeys) {
}
