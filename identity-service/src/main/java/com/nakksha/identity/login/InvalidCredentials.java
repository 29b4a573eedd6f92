package com.nakksha.identity.login;

import com.nakksha.defaults.problem.ProblemException;

import org.springframework.http.HttpStatus;

/** Wrong email, wrong password or wrong second factor: deliberately indistinguishable. */
public class InvalidCredentials extends ProblemException {

    public InvalidCredentials() {
        super(HttpStatus.UNAUTHORIZED, "Invalid credentials", "The email or password is incorrect");
    }

    public InvalidCredentials(String detail) {
        super(HttpStatus.UNAUTHORIZED, "Invalid credentials", detail);
    }
}
