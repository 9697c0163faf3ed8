package com.coderinsights.dw.serving.api;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as Go's encoding/json writes them (RFC 3339 with nanoseconds trimmed, "Z" for UTC). */
final class Times {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private Times() {
    }

    static String rfc3339(OffsetDateTime t) {
        StringBuilder s = new StringBuilder(SECONDS.format(t));
        if (t.getNano() != 0) {
            String nanos = String.format("%09d", t.getNano()).replaceAll("0+$", "");
            s.append('.').append(nanos);
        }
        s.append(t.getOffset().equals(ZoneOffset.UTC) ? "Z" : t.getOffset().getId());
        return s.toString();
    }
}
