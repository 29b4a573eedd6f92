package com.nakksha.identity;

import com.nakksha.testsupport.architecture.ServiceArchitectureTest;

class IdentityArchitectureTest extends ServiceArchitectureTest {
}
