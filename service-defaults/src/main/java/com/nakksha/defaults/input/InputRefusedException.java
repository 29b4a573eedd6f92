package com.nakksha.defaults.input;

/**
 * A request parameter value refused while it was converted, with a message fit for the client.
 * The problem handler shows this message under the parameter's name; other conversion failures
 * get a generic one.
 */
public class InputRefusedException extends IllegalArgumentException {

    public InputRefusedException(String message) {
        super(message);
    }
}
