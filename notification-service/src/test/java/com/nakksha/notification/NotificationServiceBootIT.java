package com.nakksha.notification;

import com.nakksha.testsupport.ServiceBootContract;

@NotificationServiceTest
class NotificationServiceBootIT extends ServiceBootContract {
}
