package com.coderinsights.dw.core.contract;

/**
 * The outcome of reading one raw line against its stream's contract: either typed values
 * (aligned with {@link StreamSpec#fields()}) and the unknown fields kept as a JSON object,
 * or a rejection with a reason code and a readable reason.
 */
public record ParseResult(Object[] values, String extraJson, RejectCode rejectCode, String reason) {

    public static ParseResult ok(Object[] values, String extraJson) {
        return new ParseResult(values, extraJson, null, null);
    }

    public static ParseResult rejected(RejectCode code, String reason) {
        return new ParseResult(null, null, code, reason);
    }

    public boolean isOk() {
        return rejectCode == null;
    }
}
