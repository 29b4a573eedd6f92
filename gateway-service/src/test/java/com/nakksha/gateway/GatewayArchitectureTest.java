package com.nakksha.gateway;

import com.nakksha.testsupport.architecture.ServiceArchitectureTest;

class GatewayArchitectureTest extends ServiceArchitectureTest {
}
