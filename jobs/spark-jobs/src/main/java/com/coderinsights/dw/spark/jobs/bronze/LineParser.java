package com.coderinsights.dw.spark.jobs.bronze;

import com.coderinsights.dw.core.contract.FieldType;
import com.coderinsights.dw.core.contract.ParseResult;
import com.coderinsights.dw.core.contract.RawContract;
import com.coderinsights.dw.core.contract.RecordParser;
import com.coderinsights.dw.core.contract.RejectCode;
import com.coderinsights.dw.core.contract.StreamSpec;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns one raw line into a bronze row or a {@code bronze.rejected} row: the Spark side of
 * {@link RecordParser}. One instance per task; not thread-safe.
 */
final class LineParser implements Serializable {

    /**
     * The file a line comes from, with the lineage values every row of it carries (the bronze row's in
     * Spark's internal form: UTF-8 path, microseconds, days).
     */
    record Source(String relPath, Timestamp arrivalHour, UTF8String relPathUtf8, long arrivalHourMicros, int arrivalDays) {
        static Source of(String relPath, Instant arrivalHour) {
            return new Source(relPath, Timestamp.from(arrivalHour), UTF8String.fromString(relPath),
                    DateTimeUtils.instantToMicros(arrivalHour),
                    DateTimeUtils.localDateToDays(LocalDate.ofInstant(arrivalHour, ZoneOffset.UTC)));
        }
    }

    private final String stream;
    private final boolean jsonbAsText;
    private final Timestamp ingestedAt;
    private final String runId;
    private final long ingestedAtMicros;
    private transient UTF8String runIdUtf8;
    private transient RecordParser parser;
    private transient FieldType[] types;

    LineParser(String stream, boolean jsonbAsText, Instant ingestedAt, String runId) {
        this.stream = stream;
        this.jsonbAsText = jsonbAsText;
        this.ingestedAt = Timestamp.from(ingestedAt);
        this.runId = runId;
        this.ingestedAtMicros = DateTimeUtils.instantToMicros(ingestedAt);
    }

    /** The contract's verdict on one line. */
    ParseResult parse(String text) {
        if (parser == null) {
            StreamSpec spec = RawContract.stream(stream);
            parser = new RecordParser(spec, jsonbAsText);
            types = spec.fields().stream().map(f -> f.type()).toArray(FieldType[]::new);
            runIdUtf8 = UTF8String.fromString(runId);
        }
        return parser.parse(text);
    }

    /** The verdict that stands for the unreadable rest of a file. */
    static ParseResult unreadable(String error) {
        return ParseResult.rejected(RejectCode.UNREADABLE_FILE, "the rest of the file from this line on could not be read: " + error);
    }

    /**
     * The bronze row of a good line: Coder's columns, {@code _extra}, then the lineage columns, in
     * Spark's internal form (UTF-8 strings, microseconds, days), so writing it converts no values.
     */
    InternalRow bronzeRow(Source source, long line, ParseResult r) {
        int n = types.length;
        Object[] out = new Object[n + 7];
        Object[] v = r.values();
        for (int i = 0; i < n; i++) {
            out[i] = internal(v[i]);
        }
        out[n] = r.extraJson() == null ? null : UTF8String.fromString(r.extraJson());
        out[n + 1] = source.relPathUtf8();
        out[n + 2] = line;
        out[n + 3] = source.arrivalHourMicros();
        out[n + 4] = source.arrivalDays();
        out[n + 5] = ingestedAtMicros;
        out[n + 6] = runIdUtf8;
        return new GenericInternalRow(out);
    }

    /** The {@code bronze.rejected} row of a line that broke the contract ({@link BronzeSchemas#REJECTED}). */
    Row rejectedRow(Source source, long line, String text, ParseResult r) {
        return RowFactory.create(stream, source.relPath(), line, text, r.rejectCode().code(), r.reason(), source.arrivalHour(),
                ingestedAt, runId);
    }

    /** Spark's internal value of a parsed value: UTF-8 strings, microseconds since the epoch, arrays. */
    private static Object internal(Object v) {
        if (v instanceof String t) {
            return UTF8String.fromString(t);
        }
        if (v instanceof Instant t) {
            return DateTimeUtils.instantToMicros(t);
        }
        if (v instanceof List<?> l) {
            UTF8String[] a = new UTF8String[l.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = UTF8String.fromString((String) l.get(i));
            }
            return new GenericArrayData(a);
        }
        return v;
    }
}
