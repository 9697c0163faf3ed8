package com.coderinsights.dw.core.contract;

import java.time.Instant;

/**
 * A strict, allocation-light parser for the timestamps of the raw contract:
 * {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM)}, as PostgreSQL's {@code row_to_json}
 * writes them (a space in place of {@code T} and an offset of {@code +HH} are accepted too).
 * About ten times faster than {@code DateTimeFormatter}, which matters at a million rows an hour.
 */
public final class Rfc3339 {

    private Rfc3339() {
    }

    /**
     * Parses {@code s}; returns null when it is not a valid timestamp.
     *
     * @param offsetRequired false for PostgreSQL {@code timestamp without time zone}, read as UTC when it has no offset
     */
    public static Instant parse(String s, boolean offsetRequired) {
        int n = s.length();
        if (n < 19) {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        char t = s.charAt(10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || s.charAt(4) != '-' || s.charAt(7) != '-' || (t != 'T' && t != 't' && t != ' ')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 9) {
                return null;
            }
            nanos = digits(s, start, len);
            for (int k = len; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n) {
            if (offsetRequired) {
                return null;
            }
            offsetSeconds = 0;
        } else {
            char c = s.charAt(i);
            if ((c == 'Z' || c == 'z') && i + 1 == n) {
                offsetSeconds = 0;
            } else if (c == '+' || c == '-') {
                int oh = digits(s, i + 1, 2);
                int om;
                if (n == i + 3) {
                    om = 0;
                } else if (n == i + 6 && s.charAt(i + 3) == ':') {
                    om = digits(s, i + 4, 2);
                } else {
                    return null;
                }
                if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                    return null;
                }
                offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
            } else {
                return null;
            }
        }
        long epochDay = epochDay(year, month, day);
        long epochSecond = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** Parses digits at [from, from+len) or returns -1. */
    private static int digits(String s, int from, int len) {
        if (from + len > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean leap(int y) {
        return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    }

    private static int daysInMonth(int y, int m) {
        return switch (m) {
            case 2 -> leap(y) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 (proleptic Gregorian), the algorithm of {@code LocalDate.toEpochDay}. */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        if (y >= 0) {
            total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        } else {
            total -= y / -4 - y / -100 + y / -400;
        }
        total += (367L * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!leap(year)) {
                total--;
            }
        }
        return total - 719_528L;
    }
}
