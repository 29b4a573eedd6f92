package com.nakksha.notification.mail;

import java.util.UUID;

import com.nakksha.notification.AbstractNotificationIT;
import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** An admin previews every template with sample data; nobody else can. */
class TemplatePreviewIT extends AbstractNotificationIT {

    private WebTestClient admin() {
        return web.mutate().defaultHeaders(h -> h.setBearerAuth(TestTokens.admin(UUID.randomUUID()))).build();
    }

    @ParameterizedTest
    @EnumSource(EmailTemplate.class)
    void everyTemplateRendersWithSampleDataInTheAskedZone(EmailTemplate template) {
        admin().get().uri("/api/v1/notifications/admin/templates/{t}/preview?zone=Europe/London", template).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.template").isEqualTo(template.name())
                .jsonPath("$.subject").value(subject -> assertThat((String) subject).isNotBlank().doesNotContain("[("))
                .jsonPath("$.html").value(html -> assertThat((String) html).contains("<html").doesNotContain("${"))
                .jsonPath("$.text").value(text -> {
                    assertThat((String) text).isNotBlank().doesNotContain("[(");
                    if (((String) text).contains("(Europe/London)") || ((String) text).contains("(Asia/")) {
                        assertThat((String) text).contains("(Europe/London)").doesNotContain("(Asia/Kolkata)");
                    }
                });
    }

    @Test
    void theListNamesEveryTemplateAndWhetherItIsOptional() {
        admin().get().uri("/api/v1/notifications/admin/templates").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(EmailTemplate.values().length)
                .jsonPath("$[?(@.template == 'DAILY_AGENDA')].optional").isEqualTo(true)
                .jsonPath("$[?(@.template == 'SESSION_CONFIRMED')].optional").isEqualTo(false);
    }

    @Test
    void badInputIsAProblemAndConsultantsCannotPreview() {
        admin().get().uri("/api/v1/notifications/admin/templates/NO_SUCH/preview").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        admin().get().uri("/api/v1/notifications/admin/templates/SESSION_CONFIRMED/preview?zone=Mars/Olympus").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("zone");
        web.mutate().defaultHeaders(h -> h.setBearerAuth(TestTokens.approvedConsultant(UUID.randomUUID()))).build()
                .get().uri("/api/v1/notifications/admin/templates").exchange().expectStatus().isForbidden();
    }
}
