package com.nakksha.booking.manage;

import com.nakksha.defaults.problem.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A manage-link change outside the consultant's policy answers 409 saying why. */
@RestControllerAdvice
class ManageProblemAdvice {

    @ExceptionHandler(PolicyRefusedException.class)
    ResponseEntity<ProblemDetail> refused(PolicyRefusedException refused) {
        ProblemException problem = new ProblemException(HttpStatus.CONFLICT, "Not allowed by the booking policy",
                refused.getMessage());
        return ResponseEntity.status(problem.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem.getBody());
    }
}
