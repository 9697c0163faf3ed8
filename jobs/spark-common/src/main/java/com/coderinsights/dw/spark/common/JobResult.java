package com.coderinsights.dw.spark.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a job did, as named counts, printed in the run summary, and how long it took (milliseconds; -1 when the
 * runner did not time it).
 */
public record JobResult(String job, Map<String, Long> counts, long millis) {

    public JobResult {
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    public JobResult(String job, Map<String, Long> counts) {
        this(job, counts, -1);
    }

    /** The same result, timed. */
    public JobResult withMillis(long elapsed) {
        return new JobResult(job, counts, elapsed);
    }

    public long count(String key) {
        return counts.getOrDefault(key, 0L);
    }
}
