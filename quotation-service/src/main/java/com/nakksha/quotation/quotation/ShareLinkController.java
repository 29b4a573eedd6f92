package com.nakksha.quotation.quotation;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The client's share link: no account, the token in the path is the authority. An unknown token is
 * 404, a withdrawn quotation 410, an answer the state refuses (expired, answered otherwise) 409. The same
 * answer again (accept or reject repeated) answers 200 as the first did and changes nothing, so a client may
 * retry after a lost answer (RFC 9110 §9.2.2). The gateway rate-limits these paths per client address
 * ({@code public-api}).
 */
@RestController
@RequestMapping("/api/v1/public/quotations/{token}")
class ShareLinkController {

    /**
     * Mail scanners and link previewers that fetch a link before (or instead of) the person: their user
     * agents say so, and browsers mark speculative loads with {@code Sec-Purpose}/{@code Purpose: prefetch}.
     */
    private static final Pattern AUTOMATED_AGENT = Pattern.compile(
            "bot|crawler|spider|slurp|preview|scanner|proofpoint|mimecast|barracuda|safelinks|urldefense|"
                    + "facebookexternalhit|whatsapp|skypeuripreview|headlesschrome");

    private final QuotationService quotations;

    ShareLinkController(QuotationService quotations) {
        this.quotations = quotations;
    }

    @GetMapping
    Mono<PublicQuotationView> view(@PathVariable String token, ServerHttpRequest request) {
        return quotations.viewShared(token, viewerHash(request), isAutomated(request));
    }

    /** Accepts; the answer carries the payment capability for {@code POST /api/v1/payments/orders}. */
    @PostMapping("/accept")
    Mono<AcceptAnswer> accept(@PathVariable String token) {
        return quotations.accept(token);
    }

    /** Rejects; a reason over 1000 characters is 400 even when the quotation was rejected already. */
    @PostMapping("/reject")
    Mono<PublicQuotationView> reject(@PathVariable String token,
                                     @Valid @RequestBody(required = false) QuotationRequests.Rejection rejection) {
        return quotations.reject(token, rejection == null ? null : rejection.reason());
    }

    /**
     * One viewer: the client address and the user agent, hashed. The address is the last X-Forwarded-For
     * entry, the one the gateway appended; earlier entries come from the client and could be made up.
     */
    private static String viewerHash(ServerHttpRequest request) {
        String forwarded = request.getHeaders().getFirst("X-Forwarded-For");
        String address;
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            address = hops[hops.length - 1].strip();
        } else {
            InetSocketAddress remote = request.getRemoteAddress();
            address = remote == null || remote.getAddress() == null ? "" : remote.getAddress().getHostAddress();
        }
        String agent = request.getHeaders().getFirst(HttpHeaders.USER_AGENT);
        return ShareToken.sha256Hex(address + "|" + (agent == null ? "" : agent));
    }

    private static boolean isAutomated(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        for (String header : new String[] {"Sec-Purpose", "Purpose", "X-Purpose", "X-Moz"}) {
            String value = headers.getFirst(header);
            if (value != null && (value.toLowerCase(Locale.ROOT).contains("prefetch") || value.toLowerCase(Locale.ROOT).contains("preview"))) {
                return true;
            }
        }
        String agent = headers.getFirst(HttpHeaders.USER_AGENT);
        return agent == null || agent.isBlank() || AUTOMATED_AGENT.matcher(agent.toLowerCase(Locale.ROOT)).find();
    }
}
