package com.nakksha.gateway.problem;

import com.nakksha.edge.problem.FirewallProblems;
import com.nakksha.edge.problem.ProblemWriter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;

/** The platform's problem writer, for answers the gateway gives itself (401, 413, 429, 503, 404). */
@Configuration(proxyBeanMethods = false)
class ProblemConfiguration {

    @Bean
    ProblemWriter problemWriter(ServerCodecConfigurer codecs) {
        return new ProblemWriter(codecs);
    }

    /** The URL firewall's refusals as problems; the security chain picks the handler up as a bean. */
    @Bean
    FirewallProblems firewallProblems(ProblemWriter writer) {
        return new FirewallProblems(writer);
    }
}
