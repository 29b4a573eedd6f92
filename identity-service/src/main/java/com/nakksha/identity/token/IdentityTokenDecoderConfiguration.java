package com.nakksha.identity.token;

import com.nakksha.defaults.security.SecurityProperties;
import com.nakksha.edge.token.AccessTokenDecoder;
import reactor.core.publisher.Flux;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * identity-service checks tokens against its own key store instead of fetching its own JWKS over
 * HTTP; the rules are the platform's ({@link AccessTokenDecoder}), and a token must name the
 * {@code kid} of a published key.
 */
@Configuration(proxyBeanMethods = false)
class IdentityTokenDecoderConfiguration {

    @Bean
    ReactiveJwtDecoder jwtDecoder(SigningKeys signingKeys, SecurityProperties security) {
        return AccessTokenDecoder.fromKeys(
                jwt -> jwt.getHeader().getKeyID() == null ? Flux.empty() : signingKeys.publishedKey(jwt.getHeader().getKeyID()),
                security.issuer());
    }
}
