package com.nakksha.defaults.problem;

import org.springframework.http.HttpStatus;

/** Well-formed but not acceptable, e.g. a state transition the lifecycle does not allow. */
public class UnprocessableProblem extends ProblemException {

    public UnprocessableProblem(String title, String detail) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, title, detail);
    }
}
