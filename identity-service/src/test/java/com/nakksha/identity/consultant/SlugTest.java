package com.nakksha.identity.consultant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlugTest {

    @Test
    void isMadeFromTheName() {
        assertThat(Slug.fromName("Priya", "Sharma").value()).isEqualTo("priya-sharma");
        assertThat(Slug.fromName("  José ", "D'Souza-Menon ").value()).isEqualTo("jose-d-souza-menon");
        assertThat(Slug.fromName("Ánh", "Nguyễn").value()).isEqualTo("anh-nguyen");
    }

    @Test
    void fallsBackWhenTheNameLeavesTooLittle() {
        assertThat(Slug.fromName("राहुल", "शर्मा").value()).isEqualTo("consultant-page");
        assertThat(Slug.fromName("A", "").value()).isEqualTo("a-consultant");
    }

    @Test
    void neverProducesAReservedWord() {
        assertThat(Slug.fromName("Admin", "").value()).isEqualTo("admin-consultant");
        assertThat(Slug.fromName("", "Pricing").value()).isEqualTo("pricing-consultant");
    }

    @Test
    void staysWithinTheMaximumLength() {
        Slug slug = Slug.fromName("Venkatanarasimharajuvaripeta", "Subrahmanyam Chandrasekharan Iyer");
        assertThat(slug.value().length()).isLessThanOrEqualTo(Slug.MAX_LENGTH);
        assertThat(slug.withSuffix(123).value()).endsWith("-123").hasSizeLessThanOrEqualTo(Slug.MAX_LENGTH);
    }

    @Test
    void addsNumericSuffixesForUniqueness() {
        assertThat(Slug.parse("priya-sharma").withSuffix(2).value()).isEqualTo("priya-sharma-2");
    }

    @Test
    void acceptsAnEditedSlugForgivingCase() {
        assertThat(Slug.parse(" Priya-Coaching ").value()).isEqualTo("priya-coaching");
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "api", "auth", "pricing", "dashboard", "login", "signup", "well-known", "swagger-ui"})
    void refusesReservedWords(String reserved) {
        assertThatThrownBy(() -> Slug.parse(reserved)).isInstanceOf(InvalidProfileValue.class).hasMessage("is reserved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "-priya", "priya-", "priya--sharma", "priya_sharma", "priya sharma", "priya/x", "../etc",
            "priyá"})
    void refusesMalformedSlugs(String raw) {
        assertThatThrownBy(() -> Slug.parse(raw)).isInstanceOf(InvalidProfileValue.class);
    }

    @Test
    void refusesOverlongSlugs() {
        assertThatThrownBy(() -> Slug.parse("a".repeat(61))).isInstanceOf(InvalidProfileValue.class);
    }
}
