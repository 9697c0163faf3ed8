package com.coderinsights.dw.simulator;

import java.util.List;

/**
 * A small, fast builder for one NDJSON line, in the shape PostgreSQL's {@code row_to_json} writes:
 * timestamps as {@code 2026-11-02T09:30:00.123456+00:00}. One instance is reused per line.
 */
final class Json {

    private final StringBuilder b = new StringBuilder(640);
    private boolean first;

    Json begin() {
        b.setLength(0);
        b.append('{');
        first = true;
        return this;
    }

    private Json key(String name) {
        if (!first) {
            b.append(',');
        }
        first = false;
        b.append('"').append(name).append("\":");
        return this;
    }

    Json str(String name, String value) {
        key(name);
        if (value == null) {
            b.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    Json num(String name, long value) {
        key(name).b.append(value);
        return this;
    }

    Json dbl(String name, double value) {
        key(name);
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            b.append((long) value);
        } else {
            b.append(value);
        }
        return this;
    }

    Json bool(String name, boolean value) {
        key(name).b.append(value);
        return this;
    }

    Json ts(String name, long epochMicros) {
        key(name).b.append('"');
        Times.appendRfc3339(b, epochMicros);
        b.append('"');
        return this;
    }

    /** A timestamp that may be absent: Long.MIN_VALUE writes null. */
    Json tsOrNull(String name, long epochMicros) {
        if (epochMicros == Long.MIN_VALUE) {
            key(name).b.append("null");
            return this;
        }
        return ts(name, epochMicros);
    }

    Json nul(String name) {
        key(name).b.append("null");
        return this;
    }

    /** Writes already-serialised JSON. */
    Json raw(String name, String json) {
        key(name).b.append(json);
        return this;
    }

    Json strArray(String name, List<String> values) {
        key(name).b.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            quote(values.get(i));
        }
        b.append(']');
        return this;
    }

    String end() {
        return b.append('}').toString();
    }

    private void quote(String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** Quotes a string as a JSON literal, for building small JSON values such as ACL maps. */
    static String literal(String s) {
        Json j = new Json();
        j.quote(s);
        return j.b.toString();
    }
}
