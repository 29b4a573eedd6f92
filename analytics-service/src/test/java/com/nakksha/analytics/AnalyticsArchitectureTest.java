package com.nakksha.analytics;

import com.nakksha.testsupport.architecture.ServiceArchitectureTest;

class AnalyticsArchitectureTest extends ServiceArchitectureTest {
}
