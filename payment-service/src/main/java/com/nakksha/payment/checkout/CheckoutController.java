package com.nakksha.payment.checkout;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Public checkout: no account, the payment capability from the booking answer is the authority. */
@RestController
class CheckoutController {

    private final CheckoutService checkout;

    CheckoutController(CheckoutService checkout) {
        this.checkout = checkout;
    }

    /** Creates or returns the Razorpay order of a payable; 404 without its capability, 409 when not payable, 503 when Razorpay is down. */
    @PostMapping("/api/v1/payments/orders")
    Mono<CheckoutRequests.CheckoutOrder> order(@Valid @RequestBody CheckoutRequests.NewOrder request) {
        return checkout.order(request.payableId(), request.capability());
    }

    /** Verifies Checkout's answer and applies the payment as Razorpay reports it. */
    @PostMapping("/api/v1/payments/verify")
    Mono<CheckoutRequests.Verified> verify(@Valid @RequestBody CheckoutRequests.Verification request) {
        return checkout.verify(request);
    }
}
