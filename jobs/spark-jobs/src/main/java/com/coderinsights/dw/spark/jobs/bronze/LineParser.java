package com.coderinsights.dw.spark.jobs.bronze;

import com.coderinsights.dw.core.contract.FieldType;
import com.coderinsights.dw.core.contract.ParseResult;
import com.coderinsights.dw.core.contract.RawContract;
import com.coderinsights.dw.core.contract.RecordParser;
import com.coderinsights.dw.core.contract.RejectCode;
import com.coderinsights.dw.core.contract.StreamSpec;
import java.io.Serializable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Turns one raw line into one parsed row (the bronze columns plus the rejection columns): the
 * Spark side of {@link RecordParser}. One instance per task; not thread-safe.
 */
final class LineParser implements Serializable {

    private final String stream;
    private final boolean jsonbAsText;
    private final Timestamp ingestedAt;
    private final String runId;
    private transient RecordParser parser;
    private transient FieldType[] types;

    LineParser(String stream, boolean jsonbAsText, Instant ingestedAt, String runId) {
        this.stream = stream;
        this.jsonbAsText = jsonbAsText;
        this.ingestedAt = Timestamp.from(ingestedAt);
        this.runId = runId;
    }

    Row parse(String relPath, long line, Instant arrivalHour, String text) {
        return row(relPath, line, arrivalHour, text, null);
    }

    /** The row that stands for the unreadable rest of a file, from line {@code line} on. */
    Row unreadable(String relPath, long line, Instant arrivalHour, String error) {
        return row(relPath, line, arrivalHour, null,
                ParseResult.rejected(RejectCode.UNREADABLE_FILE, "the rest of the file from this line on could not be read: " + error));
    }

    private Row row(String relPath, long line, Instant arrivalHour, String text, ParseResult given) {
        if (parser == null) {
            StreamSpec spec = RawContract.stream(stream);
            parser = new RecordParser(spec, jsonbAsText);
            types = spec.fields().stream().map(f -> f.type()).toArray(FieldType[]::new);
        }
        ParseResult r = given != null ? given : parser.parse(text);
        int n = types.length;
        Object[] out = new Object[n + 10];
        if (r.isOk()) {
            Object[] v = r.values();
            for (int i = 0; i < n; i++) {
                out[i] = external(v[i]);
            }
            out[n] = r.extraJson();
        } else {
            out[n + 7] = r.rejectCode().code();
            out[n + 8] = r.reason();
            out[n + 9] = text;
        }
        out[n + 1] = relPath;
        out[n + 2] = line;
        out[n + 3] = Timestamp.from(arrivalHour);
        out[n + 4] = Date.valueOf(LocalDate.ofInstant(arrivalHour, ZoneOffset.UTC));
        out[n + 5] = ingestedAt;
        out[n + 6] = runId;
        return RowFactory.create(out);
    }

    private static Object external(Object v) {
        if (v instanceof Instant t) {
            return Timestamp.from(t);
        }
        if (v instanceof List<?> l) {
            return l.toArray(new String[0]);
        }
        return v;
    }
}
