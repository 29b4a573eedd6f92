package com.nakksha.gateway.requestsize;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxSize the largest request body the gateway forwards; larger ones answer 413
 */
@ConfigurationProperties("nakksha.gateway.request-body")
public record RequestBodyProperties(@DefaultValue("1MB") DataSize maxSize) {
}
