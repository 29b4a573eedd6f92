package com.nakksha.quotation.quotation;

import com.nakksha.defaults.problem.ProblemException;
import com.nakksha.defaults.problem.ProblemException.FieldProblem;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Quotation refusals as problem details: a transition the state refuses is 409, a withdrawn link 410. */
@RestControllerAdvice
class QuotationProblemAdvice {

    @ExceptionHandler(QuotationTransitionException.class)
    ResponseEntity<ProblemDetail> transition(QuotationTransitionException refused) {
        return problem(new ProblemException(HttpStatus.CONFLICT, "Change not allowed", refused.getMessage(),
                List.of(new FieldProblem(refused.field(), refused.getMessage()))));
    }

    @ExceptionHandler(QuotationWithdrawnException.class)
    ResponseEntity<ProblemDetail> withdrawn(QuotationWithdrawnException gone) {
        return problem(new ProblemException(HttpStatus.GONE, "Quotation withdrawn", gone.getMessage()));
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemException problem) {
        return ResponseEntity.status(problem.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem.getBody());
    }
}
