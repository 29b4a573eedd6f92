package com.nakksha.identity.token;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * An RSA key pair that signs access tokens from {@code activatesAt} until {@code retiredAt}.
 * Its public half stays in the JWKS after retirement for as long as tokens it signed can live.
 */
public record SigningKey(String kid, RSAKey jwk, Instant createdAt, Instant activatesAt, Instant retiredAt) {

    private static final int RSA_BITS = 2048;

    public static SigningKey generate(Instant now, Instant activatesAt) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            var pair = generator.generateKeyPair();
            String kid = UUID.randomUUID().toString();
            RSAKey jwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .build();
            return new SigningKey(kid, jwk, now, activatesAt, null);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean signsAt(Instant now) {
        return !activatesAt.isAfter(now) && (retiredAt == null || retiredAt.isAfter(now));
    }

    public SigningKey retiredAt(Instant when) {
        return new SigningKey(kid, jwk, createdAt, activatesAt, when);
    }

    public RSAKey publicJwk() {
        return jwk.toPublicJWK();
    }
}
