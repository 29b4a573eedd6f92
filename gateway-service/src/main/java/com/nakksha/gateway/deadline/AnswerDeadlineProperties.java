package com.nakksha.gateway.deadline;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param answerWithin how long any request may take in the gateway, from its arrival until its answer
 *                     has been written, before {@link AnswerDeadlineFilter} ends it. Above every route's
 *                     own limits (response timeouts of 5-10 s per attempt, the circuit breakers' 10 s time
 *                     limiter), so it only ends what those limits failed to end; below the 30 s many
 *                     clients wait, so that they get an answer from the gateway instead of their own timeout.
 */
@ConfigurationProperties("nakksha.gateway.deadline")
public record AnswerDeadlineProperties(@DefaultValue("20s") Duration answerWithin) {
}
