package com.nakksha.payment;

import com.nakksha.testsupport.fuzz.ApiFuzzer;
import com.nakksha.testsupport.fuzz.FuzzReport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** Issue 14: hostile values in every field of every operation of payment's API answer 2xx or a 4xx problem, never 5xx. */
class ApiFuzzIT extends AbstractPaymentIT {

    @Autowired
    private Environment environment;

    @Test
    void everyOperationAnswersHostileInputWithAProblemNotAServerError() {
        FuzzReport report = ApiFuzzer.of(web, environment).run();
        System.out.println(report);
        report.assertNoFindings();
    }
}
