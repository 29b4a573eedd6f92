package com.nakksha.identity.consultant;

/** A profile value that breaks its format rule; the message completes "field ...". */
public class InvalidProfileValue extends IllegalArgumentException {

    public InvalidProfileValue(String message) {
        super(message);
    }
}
