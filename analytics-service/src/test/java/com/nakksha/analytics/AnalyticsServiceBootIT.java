package com.nakksha.analytics;

import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.ServiceBootContract;

@NakkshaServiceTest(schema = "analytics")
class AnalyticsServiceBootIT extends ServiceBootContract {
}
