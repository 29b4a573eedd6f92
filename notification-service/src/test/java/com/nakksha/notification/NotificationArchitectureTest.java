package com.nakksha.notification;

import com.nakksha.testsupport.architecture.ServiceArchitectureTest;

class NotificationArchitectureTest extends ServiceArchitectureTest {
}
