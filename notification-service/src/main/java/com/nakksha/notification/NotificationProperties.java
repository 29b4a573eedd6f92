package com.nakksha.notification;

import java.time.ZoneId;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What every mail feature shares.
 *
 * @param appBaseUrl where the web app answers; every link in a mail points there
 * @param defaultTimeZone IANA zone for a recipient whose zone is not known yet
 * @param linkTokenKeys base64 32-byte keys by id that open tokens sealed for notification: identity's
 *                      {@code nakksha.identity.link-tokens.keys} (verification and reset links) and the
 *                      key booking seals payment capabilities with
 */
@ConfigurationProperties("nakksha.notification")
public record NotificationProperties(
        @DefaultValue("http://localhost:8080") String appBaseUrl,
        @DefaultValue("Asia/Kolkata") String defaultTimeZone,
        @DefaultValue Map<String, String> linkTokenKeys) {

    public ZoneId defaultZone() {
        return ZoneId.of(defaultTimeZone);
    }
}
