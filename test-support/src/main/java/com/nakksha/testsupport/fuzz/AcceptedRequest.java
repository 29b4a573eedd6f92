package com.nakksha.testsupport.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A request the service under test accepts (answers 2xx) as it stands: the starting point from which the
 * fuzzer changes one field or query parameter at a time, so the hostile value reaches the code behind every
 * other check (a public booking of a free slot, a signed webhook). Give the fuzzer a supplier of fresh ones
 * ({@link ApiFuzzer#withAccepted}) when an accepted request cannot be sent twice (a slot, once booked, is taken).
 *
 * @param method      the HTTP method
 * @param pathAndQuery the path and query, already percent-encoded
 * @param headers     headers besides the bearer token and Content-Type
 * @param jsonBody    the JSON body, or {@code null} for none
 * @param token       the bearer token to call with, or {@code null} for a public operation
 * @param signature   headers computed from the body's bytes as sent (a webhook's signature), changed body included;
 *                    {@code null} for none
 */
public record AcceptedRequest(String method, String pathAndQuery, Map<String, String> headers, String jsonBody, String token,
        Function<String, Map<String, String>> signature) {

    public AcceptedRequest {
        headers = Map.copyOf(headers);
    }

    /** A JSON request with no headers of its own. */
    public static AcceptedRequest json(String method, String pathAndQuery, String token, String jsonBody) {
        return new AcceptedRequest(method, pathAndQuery, Map.of(), jsonBody, token, null);
    }

    /** The same request with one more header (an Idempotency-Key, a forwarded address). */
    public AcceptedRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new AcceptedRequest(method, pathAndQuery, more, jsonBody, token, signature);
    }

    /** The same request signed over the bytes of whatever body is sent: every changed body gets its own signature. */
    public AcceptedRequest signedBy(Function<String, Map<String, String>> signatureOfBody) {
        return new AcceptedRequest(method, pathAndQuery, headers, jsonBody, token, signatureOfBody);
    }

    /** The headers to send with {@code body}: this request's own, then its signature of those bytes. */
    Map<String, String> headersFor(String body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (signature != null) {
            all.putAll(signature.apply(body == null ? "" : body));
        }
        return all;
    }
}
