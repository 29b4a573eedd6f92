package com.nakksha.defaults.problem;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Error responses.
 *
 * @param retryAfter the {@code Retry-After} of a 503 answered while the database or broker cannot be
 *        reached; about how long a Postgres restart takes
 */
@ConfigurationProperties("nakksha.problem")
public record ProblemProperties(@DefaultValue("5s") Duration retryAfter) {
}
