package com.nakksha.razorpaysimulator;

import org.springframework.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal in Razorpay's error shape ({@code {"error":{"code","description","field",…}}}, FACTS.md §6),
 * which razorpay-java turns into a {@code RazorpayException} with the description.
 */
public class RazorpayError extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String field;

    public RazorpayError(HttpStatus status, String code, String description, String field) {
        super(description);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** Validation and business rules: Razorpay answers 400 BAD_REQUEST_ERROR, naming the field when there is one. */
    public static RazorpayError badRequest(String description, String field) {
        return new RazorpayError(HttpStatus.BAD_REQUEST, "BAD_REQUEST_ERROR", description, field);
    }

    /** Razorpay answers an unknown id with a 400 too, not a 404. */
    public static RazorpayError notFound() {
        return badRequest("The id provided does not exist", "id");
    }

    public HttpStatus status() {
        return status;
    }

    public Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("description", getMessage());
        error.put("field", field);
        error.put("source", "business");
        error.put("step", "payment_initiation");
        error.put("reason", "input_validation_failed");
        error.put("metadata", Map.of());
        return Map.of("error", error);
    }
}
