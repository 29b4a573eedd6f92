package com.nakksha.identity;

import com.nakksha.testsupport.NakkshaServiceTest;

import org.springframework.test.context.TestPropertySource;

/** One application context for every integration test: real Postgres, real Kafka, the real service. */
@NakkshaServiceTest(schema = "identity")
@TestPropertySource(properties = {
        "nakksha.identity.tokens.key-activation-delay=0s",
        "nakksha.identity.tokens.key-reload-interval=1h",
        "nakksha.identity.bootstrap-admin.email=" + IdentityClient.ROOT_ADMIN_EMAIL,
        "nakksha.identity.bootstrap-admin.password=" + IdentityClient.ROOT_ADMIN_PASSWORD,
        "nakksha.identity.login.max-failures-per-account=5",
        "nakksha.identity.login.max-failures-per-address=12",
        "nakksha.identity.login.window=15m"})
public abstract class AbstractIdentityIT {
}
