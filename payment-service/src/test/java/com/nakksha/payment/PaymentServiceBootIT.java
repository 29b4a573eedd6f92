package com.nakksha.payment;

import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.ServiceBootContract;

@NakkshaServiceTest(schema = "payment")
class PaymentServiceBootIT extends ServiceBootContract {
}
