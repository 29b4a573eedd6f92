package com.nakksha.defaults.problem;

import org.springframework.http.HttpStatus;

/** The resource does not exist for this caller; also what another tenant's id answers. */
public class NotFoundProblem extends ProblemException {

    public NotFoundProblem(String resource) {
        super(HttpStatus.NOT_FOUND, "Not found", resource + " not found");
    }
}
