package com.nakksha.payment;

import com.nakksha.defaults.problem.ProblemException;
import com.nakksha.defaults.problem.ProblemException.FieldProblem;
import com.nakksha.payment.checkout.PayableOnItsWayException;
import com.nakksha.payment.payable.PayableRuleException;
import com.nakksha.payment.payable.RefundRefusedException;
import com.nakksha.payment.razorpay.RazorpayRejectedException;
import com.nakksha.payment.razorpay.RazorpayUnavailableException;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Payment failures as problem details: Razorpay unreachable, or a booking not arrived yet, is 503 (nothing
 * was changed, try again), Razorpay refusing what we sent is 502, a refund beyond what is left 409, another rule of the payable 422.
 */
@RestControllerAdvice
class PaymentProblemAdvice {

    @ExceptionHandler(RazorpayUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(RazorpayUnavailableException unavailable) {
        return problem(new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "Payment provider unavailable",
                "Razorpay could not be reached; nothing was changed, please try again shortly"));
    }

    @ExceptionHandler(PayableOnItsWayException.class)
    ResponseEntity<ProblemDetail> onItsWay(PayableOnItsWayException onItsWay) {
        ProblemException problem = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "Booking not ready for payment yet",
                "The booking has not reached payments yet; nothing was changed, please try again in a moment");
        return ResponseEntity.status(problem.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(onItsWay.retryAfter().toSeconds())).body(problem.getBody());
    }

    @ExceptionHandler(RazorpayRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RazorpayRejectedException rejected) {
        return problem(new ProblemException(HttpStatus.BAD_GATEWAY, "Payment provider refused",
                "Razorpay refused the request: " + rejected.getMessage()));
    }

    @ExceptionHandler(RefundRefusedException.class)
    ResponseEntity<ProblemDetail> refundRefused(RefundRefusedException refused) {
        return problem(new ProblemException(HttpStatus.CONFLICT, "Refund not possible", refused.getMessage(),
                List.of(new FieldProblem(refused.field(), refused.getMessage()))));
    }

    @ExceptionHandler(PayableRuleException.class)
    ResponseEntity<ProblemDetail> rule(PayableRuleException refused) {
        return problem(new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "Change not allowed", refused.getMessage(),
                List.of(new FieldProblem(refused.field(), refused.getMessage()))));
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemException problem) {
        return ResponseEntity.status(problem.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem.getBody());
    }
}
