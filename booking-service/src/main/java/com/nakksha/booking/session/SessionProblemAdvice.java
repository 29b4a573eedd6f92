package com.nakksha.booking.session;

import com.nakksha.defaults.problem.ProblemException;
import com.nakksha.defaults.problem.ProblemException.FieldProblem;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Session refusals as problem details: a taken slot or a second seat of one client is 409, a change the state
 * does not allow 422, a change sent with a stale {@code If-Match} 412.
 * Bad input ({@code InvalidInputException}) is service-defaults' 400.
 */
@RestControllerAdvice
class SessionProblemAdvice {

    @ExceptionHandler(SessionTransitionException.class)
    ResponseEntity<ProblemDetail> transition(SessionTransitionException refused) {
        return problem(new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "Change not allowed", refused.getMessage(),
                List.of(new FieldProblem(refused.field(), refused.getMessage()))));
    }

    @ExceptionHandler(SlotTakenException.class)
    ResponseEntity<ProblemDetail> slotTaken(SlotTakenException taken) {
        return problem(new ProblemException(HttpStatus.CONFLICT, "Slot taken",
                "The requested time is no longer available: " + taken.getMessage()));
    }

    @ExceptionHandler(AlreadyBookedException.class)
    ResponseEntity<ProblemDetail> alreadyBooked(AlreadyBookedException booked) {
        ProblemException problem = new ProblemException(HttpStatus.CONFLICT, "Already booked",
                booked.getMessage() + "; a second booking takes no seat");
        if (booked.existingSessionId() != null) {
            problem.getBody().setProperty("existingSessionId", booked.existingSessionId());
        }
        return problem(problem);
    }

    @ExceptionHandler(PreconditionFailedException.class)
    ResponseEntity<ProblemDetail> stale(PreconditionFailedException stale) {
        return problem(new ProblemException(HttpStatus.PRECONDITION_FAILED, "Session changed", stale.getMessage()));
    }

    @ExceptionHandler(BulkRejectedException.class)
    ResponseEntity<ProblemDetail> bulkRejected(BulkRejectedException rejected) {
        ProblemException problem = new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "Bulk update rejected",
                "Nothing was changed: " + rejected.getMessage());
        problem.getBody().setProperty("results", rejected.outcomes());
        return problem(problem);
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemException problem) {
        return ResponseEntity.status(problem.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem.getBody());
    }
}
