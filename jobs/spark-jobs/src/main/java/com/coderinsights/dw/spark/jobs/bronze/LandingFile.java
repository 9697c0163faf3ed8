package com.coderinsights.dw.spark.jobs.bronze;

import java.io.Serializable;
import java.time.Instant;

/**
 * One file in the landing zone.
 *
 * @param stream      the stream (Coder table) its folder names
 * @param uri         its full, qualified location
 * @param relPath     its path below the landing root: {@code <stream>/dt=.../hour=.../<name>}; the file's identity
 * @param arrivalHour the hour its {@code dt}/{@code hour} folders name
 * @param format      how it is read
 * @param sizeBytes   its size
 */
public record LandingFile(String stream, String uri, String relPath, Instant arrivalHour, Format format, long sizeBytes)
        implements Serializable {

    public enum Format {
        NDJSON, NDJSON_GZ, PARQUET, UNSUPPORTED;

        static Format of(String name) {
            if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
                return NDJSON;
            }
            if (name.endsWith(".ndjson.gz") || name.endsWith(".jsonl.gz")) {
                return NDJSON_GZ;
            }
            if (name.endsWith(".parquet")) {
                return PARQUET;
            }
            return UNSUPPORTED;
        }
    }
}
