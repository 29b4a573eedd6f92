package com.nakksha.payment;

import com.nakksha.testsupport.ServiceBootContract;

/** Boots in the context every payment integration test shares ({@link PaymentServiceTest}). */
@PaymentServiceTest
class PaymentServiceBootIT extends ServiceBootContract {
}
