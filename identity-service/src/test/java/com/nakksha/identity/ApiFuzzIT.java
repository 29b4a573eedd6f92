package com.nakksha.identity;

import com.nakksha.identity.emaillink.LinkTokenProperties;
import com.nakksha.testsupport.fuzz.ApiFuzzer;
import com.nakksha.testsupport.fuzz.FuzzReport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Issue 14: hostile values in every field of every operation of identity's API answer 2xx or a 4xx problem, never
 * 5xx. Identity accepts only the tokens it signed itself, so the fuzzer calls as a consultant it approved and as
 * the root admin logged in with a second factor.
 */
class ApiFuzzIT extends AbstractIdentityIT {

    @Autowired
    private WebTestClient web;
    @Autowired
    private DatabaseClient database;
    @Autowired
    private LinkTokenProperties linkTokens;
    @Autowired
    private Environment environment;

    @Test
    void everyOperationAnswersHostileInputWithAProblemNotAServerError() {
        IdentityClient identity = new IdentityClient(web, database, linkTokens);
        FuzzReport report = ApiFuzzer.of(web, environment)
                .withTokens(identity.approvedConsultant("Fuzz").accessToken(), identity.adminToken())
                .run();
        System.out.println(report);
        report.assertNoFindings();
    }
}
