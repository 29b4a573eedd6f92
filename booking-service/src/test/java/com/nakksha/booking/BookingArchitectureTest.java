package com.nakksha.booking;

import com.nakksha.testsupport.architecture.ServiceArchitectureTest;

class BookingArchitectureTest extends ServiceArchitectureTest {
}
