package com.nakksha.identity;

/** One application context for every integration test: see {@link IdentityServiceTest}. */
@IdentityServiceTest
public abstract class AbstractIdentityIT {
}
