package com.coderinsights.dw.spark.common;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a job did, as named counts, printed in the run summary. */
public record JobResult(String job, Map<String, Long> counts) {

    public JobResult {
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    public long count(String key) {
        return counts.getOrDefault(key, 0L);
    }
}
