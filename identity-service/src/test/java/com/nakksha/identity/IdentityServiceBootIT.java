package com.nakksha.identity;

import java.nio.file.Files;
import java.nio.file.Path;

import com.nakksha.identity.emaillink.LinkTokenProperties;
import com.nakksha.testsupport.ServiceBootContract;
import com.nakksha.testsupport.fuzz.ApiFuzzer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

@IdentityServiceTest
class IdentityServiceBootIT extends ServiceBootContract {

    /** The local profile's committed AES key (application.yaml), here under a key id of the operator's choosing. */
    private static final String COMMITTED_LOCAL_DEV_KEY = "bG9jYWwtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ=";

    @Autowired
    private DatabaseClient database;
    @Autowired
    private LinkTokenProperties linkTokens;

    /**
     * Identity accepts only the tokens it signed itself, so the fuzzer calls as a consultant it approved and as the
     * root admin logged in with a second factor.
     */
    @Override
    protected ApiFuzzer apiFuzzer(ApiFuzzer signedByTestTokens) {
        IdentityClient identity = new IdentityClient(web, database, linkTokens);
        return signedByTestTokens.withTokens(identity.approvedConsultant("Fuzz").accessToken(), identity.adminToken());
    }

    @Test
    void refusesToStartOutsideTheLocalProfileWithTheCommittedKeyUnderAnyKeyId() throws Exception {
        Path noLauncherData = Files.createTempDirectory("no-launcher-data");
        SpringApplicationBuilder deployed = new SpringApplicationBuilder(IdentityApplication.class).web(WebApplicationType.NONE)
                .profiles("production")
                .properties("NAKKSHA_DATA_DIR=" + noLauncherData,
                        "spring.r2dbc.password=Xq7-generated-for-this-test",
                        "nakksha.identity.encryption.active-key-id=k1",
                        "nakksha.identity.encryption.keys.k1=" + COMMITTED_LOCAL_DEV_KEY);

        assertThatThrownBy(deployed::run)
                .hasMessageContaining("nakksha.identity.encryption.keys.k1")
                .hasMessageNotContaining("spring.r2dbc.password");
    }
}
