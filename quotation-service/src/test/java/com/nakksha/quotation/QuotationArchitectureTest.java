package com.nakksha.quotation;

import com.nakksha.testsupport.architecture.ServiceArchitectureTest;

class QuotationArchitectureTest extends ServiceArchitectureTest {
}
