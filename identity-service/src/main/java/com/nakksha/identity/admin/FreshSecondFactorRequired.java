package com.nakksha.identity.admin;

import com.nakksha.defaults.problem.ProblemException;

import org.springframework.http.HttpStatus;

/** Creating or disabling admins and rotating signing keys need a current authentication code, not just a token. */
class FreshSecondFactorRequired extends ProblemException {

    FreshSecondFactorRequired() {
        super(HttpStatus.FORBIDDEN, "Fresh second factor required",
                "Confirm this action with a current code from your authenticator app in totpCode");
    }
}
