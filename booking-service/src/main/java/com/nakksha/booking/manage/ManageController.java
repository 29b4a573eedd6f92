package com.nakksha.booking.manage;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The client's manage link, public (the token is the credential): {@code GET /api/v1/public/bookings/{token}},
 * {@code POST .../cancel}, {@code POST .../reschedule}. Answers carry the session's version as {@code ETag};
 * changes take it as an optional {@code If-Match} (412 when stale). The gateway rate-limits these routes.
 */
@RestController
@RequestMapping("/api/v1/public/bookings/{token}")
class ManageController {

    private final ManageService manage;

    ManageController(ManageService manage) {
        this.manage = manage;
    }

    @GetMapping
    Mono<ResponseEntity<ManagedBooking>> view(@PathVariable String token,
                                              @RequestParam(required = false) String timeZone) {
        return manage.view(token, timeZone).map(ManageController::tagged);
    }

    @PostMapping("/cancel")
    Mono<ResponseEntity<ManagedBooking>> cancel(@PathVariable String token,
                                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @Valid @RequestBody ManageRequests.Cancel request) {
        return manage.cancel(token, ifMatch, request).map(ManageController::tagged);
    }

    @PostMapping("/reschedule")
    Mono<ResponseEntity<ManagedBooking>> reschedule(@PathVariable String token,
                                                    @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                    @Valid @RequestBody ManageRequests.Reschedule request) {
        return manage.reschedule(token, ifMatch, request).map(ManageController::tagged);
    }

    private static ResponseEntity<ManagedBooking> tagged(ManagedBooking booking) {
        return ResponseEntity.ok().eTag(booking.etag()).body(booking);
    }
}
