package com.nakksha.identity;

import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.ServiceBootContract;

@NakkshaServiceTest(schema = "identity")
class IdentityServiceBootIT extends ServiceBootContract {
}
