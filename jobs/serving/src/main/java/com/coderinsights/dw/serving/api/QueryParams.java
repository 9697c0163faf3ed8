package com.coderinsights.dw.serving.api;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Coder's query parameter parser ({@code httpapi.QueryParamParser}): every problem of a request is collected
 * as a validation, unknown parameters included, and reported together in one 400.
 */
final class QueryParams {

    private final Map<String, String[]> values;
    private final Set<String> known = new LinkedHashSet<>();
    private final List<CoderError.Validation> errors = new ArrayList<>();

    QueryParams(Map<String, String[]> values) {
        this.values = values;
    }

    /** The raw value ("" when absent or empty); records the name as known. */
    String string(String name) {
        known.add(name);
        String[] v = values.get(name);
        return v == null || v.length == 0 ? "" : v[v.length - 1];
    }

    OffsetDateTime requiredTime(String name) {
        String v = string(name);
        if (v.isEmpty()) {
            errors.add(new CoderError.Validation(name, "Query param \"" + name + "\" is required and cannot be empty"));
            return null;
        }
        try {
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(new CoderError.Validation(name, "Query param \"" + name
                    + "\" must be a valid date format (2006-01-02T15:04:05.999999999Z07:00): " + e.getMessage()));
            return null;
        }
    }

    /** Comma-separated UUIDs; empty = none. */
    List<UUID> uuids(String name) {
        String v = string(name);
        List<UUID> out = new ArrayList<>();
        if (v.isBlank()) {
            return out;
        }
        for (String part : v.split(",")) {
            try {
                out.add(UUID.fromString(part.strip()));
            } catch (IllegalArgumentException e) {
                errors.add(new CoderError.Validation(name, "Query param \"" + name + "\" has invalid uuids: \"" + part.strip() + "\""));
            }
        }
        return out;
    }

    int integer(String name, int fallback) {
        String v = string(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            errors.add(new CoderError.Validation(name, "Query param \"" + name + "\" must be a valid integer: \"" + v + "\""));
            return fallback;
        }
    }

    /** Comma-separated strings; empty = none. */
    List<String> strings(String name) {
        String v = string(name);
        return v.isBlank() ? List.of() : List.of(v.split(","));
    }

    /** Throws the collected problems, unknown parameters included, as one 400. */
    void done() {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                errors.add(new CoderError.Validation(name, "Query param \"" + name + "\" is not a valid query param"));
            }
        }
        if (!errors.isEmpty()) {
            throw new CoderError(400, CoderError.INVALID_PARAMETERS, null, List.copyOf(errors));
        }
    }
}
