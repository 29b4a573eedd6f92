package com.nakksha.notification.account;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Account mails (identity's events).
 *
 * @param adminRecipients who is told that a consultant waits for approval (identity publishes no admin addresses)
 */
@ConfigurationProperties("nakksha.notification.account")
public record AccountMailProperties(@DefaultValue List<String> adminRecipients) {
}
