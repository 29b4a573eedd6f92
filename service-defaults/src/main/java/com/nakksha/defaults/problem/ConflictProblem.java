package com.nakksha.defaults.problem;

import org.springframework.http.HttpStatus;

/** The request is valid but clashes with the current state, e.g. a slot that was just taken. */
public class ConflictProblem extends ProblemException {

    public ConflictProblem(String title, String detail) {
        super(HttpStatus.CONFLICT, title, detail);
    }

    /** @param cause what made the request fail, for the log */
    public ConflictProblem(String title, String detail, Throwable cause) {
        super(HttpStatus.CONFLICT, title, detail, cause);
    }
}
