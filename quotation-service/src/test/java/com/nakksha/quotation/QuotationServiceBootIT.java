package com.nakksha.quotation;

import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.ServiceBootContract;

@NakkshaServiceTest(schema = "quotation")
class QuotationServiceBootIT extends ServiceBootContract {
}
