package com.nakksha.defaults.problem;

import org.springframework.http.HttpStatus;

/** The caller is known but may not do this. */
public class ForbiddenProblem extends ProblemException {

    public ForbiddenProblem(String title, String detail) {
        super(HttpStatus.FORBIDDEN, title, detail);
    }
}
