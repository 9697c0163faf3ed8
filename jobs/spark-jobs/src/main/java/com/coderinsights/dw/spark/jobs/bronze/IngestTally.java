package com.coderinsights.dw.spark.jobs.bronze;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.util.AccumulatorV2;

/**
 * What one pass over a stream's files saw, gathered from the Spark tasks that parse them while the
 * bronze rows are written (so the files are read once, and nothing is cached): per file the lines
 * read, rows kept, rows rejected and the last line number, plus the rejected lines themselves, up
 * to {@link #REJECTS_KEPT_PER_FILE} per file. A file with more is marked, and its rejected lines
 * are read again by the job in a second pass, so a file of garbage cannot fill the driver's memory.
 *
 * <p>Each task adds its part once, when it has read all its files; Spark applies the updates of
 * an action's successful tasks exactly once. The job still checks the totals against the Delta
 * commit, so a double count could never pass unnoticed.
 */
final class IngestTally extends AccumulatorV2<IngestTally.Part, IngestTally.Part> {

    static final int REJECTS_KEPT_PER_FILE = 10_000;

    private Part value = new Part();

    /** Counts and rejected lines of some files. */
    static final class Part implements Serializable {
        /** Per file: lines, rows kept, rows rejected, last line number. */
        final Map<String, long[]> files = new HashMap<>();
        /** Rejected lines, as {@code bronze.rejected} rows. */
        final List<Row> rejected = new ArrayList<>();
        /** Files with more rejected lines than were kept. */
        final Set<String> overflow = new HashSet<>();
        /** Per file read to its end: the SHA-256 of its bytes. */
        final Map<String, String> sha256 = new HashMap<>();

        long[] file(String relPath) {
            return files.computeIfAbsent(relPath, k -> new long[4]);
        }

        void kept(String relPath, long line) {
            long[] c = file(relPath);
            c[0]++;
            c[1]++;
            c[3] = Math.max(c[3], line);
        }

        void rejected(String relPath, long line, Row rejectedRow) {
            long[] c = file(relPath);
            c[0]++;
            c[2]++;
            c[3] = Math.max(c[3], line);
            if (c[2] <= REJECTS_KEPT_PER_FILE) {
                rejected.add(rejectedRow);
            } else {
                overflow.add(relPath);
            }
        }

        void merge(Part other) {
            other.files.forEach((f, c) -> {
                long[] mine = file(f);
                mine[0] += c[0];
                mine[1] += c[1];
                mine[2] += c[2];
                mine[3] = Math.max(mine[3], c[3]);
            });
            rejected.addAll(other.rejected);
            overflow.addAll(other.overflow);
            sha256.putAll(other.sha256);
        }
    }

    @Override
    public boolean isZero() {
        return value.files.isEmpty();
    }

    @Override
    public AccumulatorV2<Part, Part> copy() {
        IngestTally t = new IngestTally();
        t.value.merge(value);
        return t;
    }

    @Override
    public void reset() {
        value = new Part();
    }

    @Override
    public void add(Part part) {
        value.merge(part);
    }

    @Override
    public void merge(AccumulatorV2<Part, Part> other) {
        value.merge(other.value());
    }

    @Override
    public Part value() {
        return value;
    }
}
