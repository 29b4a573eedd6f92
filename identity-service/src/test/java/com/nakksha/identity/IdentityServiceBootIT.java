package com.nakksha.identity;

import com.nakksha.testsupport.ServiceBootContract;

@IdentityServiceTest
class IdentityServiceBootIT extends ServiceBootContract {
}
