package com.nakksha.defaults.problem;

import com.nakksha.defaults.context.RequestThreadLocalsFilter;
import com.nakksha.edge.keepalive.KeepAliveReads;
import com.nakksha.edge.problem.ProblemWriter;
import com.nakksha.edge.requestid.RequestIdFilter;
import com.nakksha.edge.session.NoHttpSessions;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.WebSessionManager;

/**
 * Problem details for every error, a request id on every exchange (in the logging context of the request's handler
 * too), kept-alive connections that keep reading, and no HTTP sessions.
 */
@AutoConfiguration(before = {ErrorWebFluxAutoConfiguration.class, WebFluxAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(ProblemProperties.class)
public class WebDefaultsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProblemWriter problemWriter(ServerCodecConfigurer codecs) {
        return new ProblemWriter(codecs);
    }

    // Ahead of Boot's own error handler (order -1), which would answer with its non-RFC 9457 JSON.
    @Bean
    @Order(-2)
    ProblemWebExceptionHandler problemWebExceptionHandler(ProblemWriter writer, ProblemProperties properties) {
        return new ProblemWebExceptionHandler(writer, properties.retryAfter());
    }

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    RequestThreadLocalsFilter requestThreadLocalsFilter() {
        return new RequestThreadLocalsFilter();
    }

    @Bean
    RequestThreadLocalsFilter requestThreadLocalsAfterSecurityFilter() {
        return RequestThreadLocalsFilter.afterSecurity();
    }

    /** Replaces Boot's in-memory session store: every service is stateless ({@link NoHttpSessions}). */
    @Bean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
    WebSessionManager webSessionManager() {
        return new NoHttpSessions();
    }

    @Bean
    KeepAliveReads keepAliveReads() {
        return new KeepAliveReads();
    }
}
