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
 * Turns one raw line into a bronze row or a {@code bronze.rejected} row: the Spark side of
 * {@link RecordParser}. One instance per task; not thread-safe.
 */
final class LineParser implements Serializable {

    /** The file a line comes from, with the lineage values every row of it carries. */
    record Source(String relPath, Timestamp arrivalHour, Date arrivalDate) {
        static Source of(String relPath, Instant arrivalHour) {
            return new Source(relPath, Timestamp.from(arrivalHour), Date.valueOf(LocalDate.ofInstant(arrivalHour, ZoneOffset.UTC)));
        }
    }

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

    /** The contract's verdict on one line. */
    ParseResult parse(String text) {
        if (parser == null) {
            StreamSpec spec = RawContract.stream(stream);
            parser = new RecordParser(spec, jsonbAsText);
            types = spec.fields().stream().map(f -> f.type()).toArray(FieldType[]::new);
        }
        return parser.parse(text);
    }

    /** The verdict that stands for the unreadable rest of a file. */
    static ParseResult unreadable(String error) {
        return ParseResult.rejected(RejectCode.UNREADABLE_FILE, "the rest of the file from this line on could not be read: " + error);
    }

    /** The bronze row of a good line: Coder's columns, {@code _extra}, then the lineage columns. */
    Row bronzeRow(Source source, long line, ParseResult r) {
        int n = types.length;
        Object[] out = new Object[n + 7];
        Object[] v = r.values();
        for (int i = 0; i < n; i++) {
            out[i] = external(v[i]);
        }
        out[n] = r.extraJson();
        out[n + 1] = source.relPath();
        out[n + 2] = line;
        out[n + 3] = source.arrivalHour();
        out[n + 4] = source.arrivalDate();
        out[n + 5] = ingestedAt;
        out[n + 6] = runId;
        return RowFactory.create(out);
    }

    /** The {@code bronze.rejected} row of a line that broke the contract ({@link BronzeSchemas#REJECTED}). */
    Row rejectedRow(Source source, long line, String text, ParseResult r) {
        return RowFactory.create(stream, source.relPath(), line, text, r.rejectCode().code(), r.reason(), source.arrivalHour(),
                ingestedAt, runId);
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
