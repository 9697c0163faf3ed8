package com.coderinsights.dw.serving.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error answered in Coder's shape ({@code codersdk.Response}): a message, an optional detail, and the
 * validation errors per field.
 */
public final class CoderError extends RuntimeException {

    /** A rejected field and why. */
    public record Validation(String field, String detail) {
    }

    /** The JSON body. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Body(String message, String detail, List<Validation> validations) {
    }

    static final String SIGNED_OUT = "You are signed out or your session has expired. Please sign in again to continue.";
    static final String NOT_FOUND = "Resource not found or you do not have access to this resource";
    static final String INVALID_PARAMETERS = "Query parameters have invalid values.";
    static final String INVALID_PARAMETER = "Query parameter has invalid value.";

    private final int status;
    private final transient Body body;

    public CoderError(int status, String message, String detail, List<Validation> validations) {
        super(message + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.body = new Body(message, detail, validations);
    }

    public int status() {
        return status;
    }

    public Body body() {
        return body;
    }

    static CoderError unauthorized(String detail) {
        return new CoderError(401, SIGNED_OUT, detail, List.of());
    }

    static CoderError notFound() {
        return new CoderError(404, NOT_FOUND, null, List.of());
    }

    static CoderError invalid(String field, String detail) {
        return new CoderError(400, INVALID_PARAMETER, null, List.of(new Validation(field, detail)));
    }
}
