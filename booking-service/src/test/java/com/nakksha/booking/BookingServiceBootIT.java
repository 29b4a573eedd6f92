package com.nakksha.booking;

import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.ServiceBootContract;

@NakkshaServiceTest(schema = "booking")
class BookingServiceBootIT extends ServiceBootContract {
}
