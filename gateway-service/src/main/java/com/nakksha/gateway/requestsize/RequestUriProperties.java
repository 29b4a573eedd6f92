package com.nakksha.gateway.requestsize;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxLength the longest request URI (path and query, as sent) the gateway forwards; longer ones
 *                  answer a 414 problem. Must stay below {@code server.netty.max-initial-line-length},
 *                  above which Netty itself answers an empty 414.
 */
@ConfigurationProperties("nakksha.gateway.request-uri")
public record RequestUriProperties(@DefaultValue("8KB") DataSize maxLength) {
}
