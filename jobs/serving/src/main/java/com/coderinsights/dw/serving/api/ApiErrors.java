package com.coderinsights.dw.serving.api;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every error as Coder's JSON ({@code message}, {@code detail}, {@code validations}). */
@RestControllerAdvice
public class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(CoderError.class)
    public ResponseEntity<CoderError.Body> coder(CoderError e) {
        return ResponseEntity.status(e.status()).body(e.body());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<CoderError.Body> noRoute(NoResourceFoundException e) {
        return ResponseEntity.status(404).body(new CoderError.Body("Route not found.", null, List.of()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<CoderError.Body> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(405).body(new CoderError.Body("Method not allowed: the report API is read-only.", null, List.of()));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<CoderError.Body> internal(Exception e) {
        LOG.error("internal error", e);
        return ResponseEntity.status(500).body(new CoderError.Body("Internal error.", e.getMessage(), List.of()));
    }
}
