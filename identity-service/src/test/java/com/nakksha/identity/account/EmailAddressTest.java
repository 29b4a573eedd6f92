package com.nakksha.identity.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @Test
    void normalisesCaseAndSurroundingBlanks() {
        assertThat(EmailAddress.parse("  Priya.Sharma+Work@Example.COM ").value()).isEqualTo("priya.sharma+work@example.com");
        assertThat(EmailAddress.parse("A@B.IN")).isEqualTo(EmailAddress.parse("a@b.in"));
    }

    @Test
    void keepsProviderSpecificDetails() {
        assertThat(EmailAddress.parse("p.sharma@gmail.com")).isNotEqualTo(EmailAddress.parse("psharma@gmail.com"));
    }

    @Test
    void convertsInternationalDomainsToAscii() {
        assertThat(EmailAddress.parse("info@bücher.de").value()).isEqualTo("info@xn--bcher-kva.de");
    }

    @Test
    void foldsFullWidthCharacters() {
        assertThat(EmailAddress.parse("ＡＢＣ@example.com").value()).isEqualTo("abc@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "plainaddress", "@example.com", "user@", "user@@example.com", "a@b@example.com",
            "user@example", "user@.example.com", "user.@example.com", ".user@example.com", "us..er@example.com",
            "user name@example.com", "user@exa mple.com", "user@-example.com", "<script>@example.com"})
    void refusesMalformedAddresses(String raw) {
        assertThatThrownBy(() -> EmailAddress.parse(raw)).isInstanceOf(EmailAddress.InvalidEmailAddress.class);
    }

    @Test
    void refusesOverlongAddresses() {
        assertThatThrownBy(() -> EmailAddress.parse("a".repeat(65) + "@example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmailAddress.parse("a@" + ("b".repeat(60) + ".").repeat(5) + "com"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> EmailAddress.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
