package com.nakksha.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nakksha.identity.emaillink.LinkTokenProperties;
import com.nakksha.testsupport.ServiceBootContract;
import com.nakksha.testsupport.TestClock;
import com.nakksha.testsupport.fuzz.AcceptedRequest;
import com.nakksha.testsupport.fuzz.ApiFuzzer;
import tools.jackson.databind.json.JsonMapper;
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
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private DatabaseClient database;
    @Autowired
    private LinkTokenProperties linkTokens;
    @Autowired
    private TestClock clock;

    /**
     * Identity accepts only the tokens it signed itself, so the fuzzer calls as a consultant it approved and as the
     * root admin logged in with a second factor; it also changes accepted signups and full and partial profile
     * edits one field at a time, each from an address of its own (signup is limited per address).
     */
    @Override
    protected ApiFuzzer apiFuzzer(ApiFuzzer signedByTestTokens) {
        IdentityClient identity = new IdentityClient(web, database, linkTokens, clock);
        IdentityClient.Account editor = identity.approvedConsultant("Editor");
        Map<String, Object> profile = fullProfile();
        return signedByTestTokens.withTokens(identity.approvedConsultant("Fuzz").accessToken(), identity.adminToken())
                .withAccepted("POST /api/v1/auth/signup", () -> AcceptedRequest.json("POST", "/api/v1/auth/signup", null,
                                JSON.writeValueAsString(Map.of("email", IdentityClient.uniqueEmail("fuzz"), "password", IdentityClient.PASSWORD,
                                        "firstName", "Meera", "lastName", "Iyer", "phoneCountryCode", "+91", "phoneNumber", "9876543210")))
                        .withHeader("X-Forwarded-For", identity.address()))
                .withAccepted("PUT /api/v1/consultants/me", () -> AcceptedRequest.json("PUT", "/api/v1/consultants/me",
                                editor.accessToken(), JSON.writeValueAsString(profile))
                        .withHeader("X-Forwarded-For", identity.address()))
                .withAccepted("PATCH /api/v1/consultants/me", () -> AcceptedRequest.json("PATCH", "/api/v1/consultants/me",
                                editor.accessToken(), JSON.writeValueAsString(profile))
                        .withHeader("X-Forwarded-For", identity.address()));
    }

    private static Map<String, Object> fullProfile() {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("firstName", "Meera");
        profile.put("lastName", "Iyer");
        profile.put("phoneCountryCode", "+91");
        profile.put("phoneNumber", "9876543210");
        profile.put("consultancySector", "Careers");
        profile.put("description", "Career coaching for data people.\n\nTen years in hiring.");
        profile.put("experienceMonths", 120);
        profile.put("personalSessionTitle", "Career call");
        profile.put("personalSessionPrice", 1500);
        profile.put("webinarSessionTitle", "Group clinic");
        profile.put("webinarSessionPrice", 499);
        profile.put("instagramUrl", "https://instagram.com/meera");
        profile.put("linkedinUrl", "https://www.linkedin.com/in/meera");
        profile.put("twitterUrl", "https://x.com/meera");
        profile.put("profilePhotoUrl", "https://example.in/meera.jpg");
        profile.put("timezone", "Asia/Kolkata");
        profile.put("slug", "meera-fuzz-" + Long.toString(System.nanoTime(), 36));
        profile.put("bankDetails", Map.of("bankName", "HDFC Bank", "accountNumber", "123456789012", "ifsc", "HDFC0001234"));
        return profile;
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
