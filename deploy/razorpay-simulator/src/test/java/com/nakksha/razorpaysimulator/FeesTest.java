package com.nakksha.razorpaysimulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FeesTest {

    private final Fees razorpayStandard = new Fees(200, 1800);

    @Test
    void chargesTwoPercentPlusGstOnTheFeeLikeRazorpaysSamplePayment() {
        // shared/razorpay/samples/02-payment.captured.json: 150000 paise, fee 3540, tax 540.
        assertThat(razorpayStandard.on(150_000)).isEqualTo(new Fees.Charged(3_540, 540));
    }

    @Test
    void roundsTheFeeAndTheTaxEachToWholePaise() {
        // 2 % of 15920 = 318.4 -> 318; 18 % of 318 = 57.24 -> 57.
        assertThat(razorpayStandard.on(15_920)).isEqualTo(new Fees.Charged(375, 57));
        // 2 % of 125 = 2.5 -> 3 (half up); 18 % of 3 = 0.54 -> 1.
        assertThat(razorpayStandard.on(125)).isEqualTo(new Fees.Charged(4, 1));
    }
}
