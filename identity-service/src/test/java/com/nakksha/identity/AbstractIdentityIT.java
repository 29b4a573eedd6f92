package com.nakksha.identity;

import com.nakksha.testsupport.TestClock;

import org.springframework.beans.factory.annotation.Autowired;

/** One application context for every integration test: see {@link IdentityServiceTest}. */
@IdentityServiceTest
public abstract class AbstractIdentityIT {

    /** The service's clock: tests move it, and {@link IdentityClient}'s authenticators move it to their codes' steps. */
    @Autowired
    protected TestClock clock;
}
