package com.nakksha.gateway.ratelimit;

/**
 * Routes that share a limit and how their callers are told apart. Without a token only the client
 * address identifies a caller; with one, the token's subject does, so users behind one NAT don't
 * share a bucket.
 */
public enum RateLimitGroup {
    AUTH(CallerKey.CLIENT_ADDRESS),
    PUBLIC_API(CallerKey.CLIENT_ADDRESS),
    WEBHOOKS(CallerKey.CLIENT_ADDRESS),
    API(CallerKey.PRINCIPAL);

    enum CallerKey { CLIENT_ADDRESS, PRINCIPAL }

    private final CallerKey callerKey;

    RateLimitGroup(CallerKey callerKey) {
        this.callerKey = callerKey;
    }

    CallerKey callerKey() {
        return callerKey;
    }
}
