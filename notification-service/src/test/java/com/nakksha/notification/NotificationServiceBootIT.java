package com.nakksha.notification;

import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.ServiceBootContract;

@NakkshaServiceTest(schema = "notification")
class NotificationServiceBootIT extends ServiceBootContract {
}
