package com.coderinsights.dw.core.contract;

/** Why a raw line was quarantined in {@code bronze.rejected}. */
public enum RejectCode {
    /** An empty or whitespace-only line. */
    BLANK_LINE,
    /** Not parseable as JSON (for example a truncated line), or content after the object. */
    INVALID_JSON,
    /** Valid JSON, but not an object. */
    NOT_AN_OBJECT,
    /** A required field is absent or null. */
    MISSING_REQUIRED_FIELD,
    /** A field holds a JSON value of the wrong kind (a string where a number belongs, ...). */
    WRONG_TYPE,
    /** The JSON kind is right but the value is not (a malformed UUID or timestamp, out of range, a rule broken). */
    INVALID_VALUE,
    /** The rest of the file could not be read (corrupt compression, an I/O error): one row stands for it. */
    UNREADABLE_FILE;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
