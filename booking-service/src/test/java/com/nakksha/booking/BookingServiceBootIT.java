package com.nakksha.booking;

import com.nakksha.testsupport.ServiceBootContract;

@BookingServiceTest
class BookingServiceBootIT extends ServiceBootContract {
}
