package com.coderinsights.dw.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Time arithmetic in epoch microseconds (UTC), as the simulator keeps every timestamp. */
final class Times {

    static final long SECOND = 1_000_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    private Times() {
    }

    static long micros(LocalDate date) {
        return date.toEpochDay() * DAY;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * SECOND + t.getNano() / 1000;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, SECOND), Math.floorMod(micros, SECOND) * 1000);
    }

    static long floorHour(long micros) {
        return Math.floorDiv(micros, HOUR) * HOUR;
    }

    static long floorMinute(long micros) {
        return Math.floorDiv(micros, MINUTE) * MINUTE;
    }

    /** {@code 2026-11-02T09:30:00.123456+00:00}; the fraction is always six digits, as PostgreSQL writes microseconds. */
    static void appendRfc3339(StringBuilder b, long micros) {
        long secs = Math.floorDiv(micros, SECOND);
        int frac = (int) Math.floorMod(micros, SECOND);
        LocalDateTime t = LocalDateTime.ofEpochSecond(secs, 0, ZoneOffset.UTC);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2).append('.');
        pad(b, frac, 6).append("+00:00");
    }

    static String rfc3339(long micros) {
        StringBuilder b = new StringBuilder(32);
        appendRfc3339(b, micros);
        return b.toString();
    }

    private static StringBuilder pad(StringBuilder b, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
