package com.nakksha.booking.session;

import com.nakksha.schemas.tokens.PaymentCapabilityToken;
import com.nakksha.schemas.tokens.TokenSeal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentCapabilityTest {

    @Test
    void isThirtyTwoRandomBytesInBase64UrlWithoutPaddingAndItsHashIsTheHexSha256OfTheToken() throws Exception {
        PaymentCapability capability = PaymentCapability.generate();

        assertThat(capability.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(capability.token())).hasSize(32);
        assertThat(capability.hash()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(capability.token().getBytes(StandardCharsets.UTF_8))));
        assertThat(capability.hash()).matches("[0-9a-f]{64}");
    }

    @Test
    void twoCapabilitiesDifferAndNeitherShowsInItsText() {
        PaymentCapability first = PaymentCapability.generate();
        PaymentCapability second = PaymentCapability.generate();

        assertThat(first.token()).isNotEqualTo(second.token());
        assertThat(first.toString()).doesNotContain(first.token()).doesNotContain(first.hash());
    }

    @Test
    void issuedWithKeysItIsTaggedForItsSessionAndSealedForNotificationAndWithoutKeysItIsPlainRandom() {
        UUID session = UUID.randomUUID();
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        PaymentCapability keyed = PaymentCapability.issue(session, new PaymentCapabilityProperties(key, "k1", key));
        PaymentCapability bare = PaymentCapability.issue(session, new PaymentCapabilityProperties(null, "k1", null));

        assertThat(PaymentCapabilityToken.isIssuedFor(keyed.token(), session, List.of(new byte[32]))).isTrue();
        assertThat(TokenSeal.open(Map.of("k1", new byte[32]), keyed.sealed(), "PAYMENT:" + session)).isEqualTo(keyed.token());
        assertThat(keyed.toString()).doesNotContain(keyed.sealed());
        assertThat(bare.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(bare.sealed()).isNull();
        assertThat(PaymentCapabilityToken.isIssuedFor(bare.token(), session, List.of(new byte[32]))).isFalse();
    }
}
