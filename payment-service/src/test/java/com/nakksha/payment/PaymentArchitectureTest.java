package com.nakksha.payment;

import com.nakksha.testsupport.architecture.ServiceArchitectureTest;

class PaymentArchitectureTest extends ServiceArchitectureTest {
}
