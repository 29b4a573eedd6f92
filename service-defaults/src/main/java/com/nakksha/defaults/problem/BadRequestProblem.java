package com.nakksha.defaults.problem;

import java.util.List;

import org.springframework.http.HttpStatus;

/** Input that fails a rule bean validation cannot express, named by field. */
public class BadRequestProblem extends ProblemException {

    public BadRequestProblem(String field, String message) {
        super(HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + message, List.of(new FieldProblem(field, message)));
    }

    public BadRequestProblem(String detail, List<FieldProblem> errors) {
        super(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors);
    }
}
