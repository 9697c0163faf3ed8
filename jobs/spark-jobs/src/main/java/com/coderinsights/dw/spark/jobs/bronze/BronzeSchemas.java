package com.coderinsights.dw.spark.jobs.bronze;

import com.coderinsights.dw.core.contract.FieldSpec;
import com.coderinsights.dw.core.contract.StreamSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The schemas of the bronze tables, derived from the raw contract. */
final class BronzeSchemas {

    static final String EXTRA = "_extra";
    static final String SOURCE_FILE = "_source_file";
    static final String LINE = "_line";
    static final String ARRIVAL_HOUR = "_arrival_hour";
    static final String ARRIVAL_DATE = "_arrival_date";
    static final String INGESTED_AT = "_ingested_at";
    static final String RUN_ID = "_run_id";

    /** bronze.rejected: every line that broke the contract, with its reason. */
    static final StructType REJECTED = new StructType()
            .add("stream", DataTypes.StringType, false)
            .add(SOURCE_FILE, DataTypes.StringType, false)
            .add(LINE, DataTypes.LongType, false)
            .add("raw_text", DataTypes.StringType, true)
            .add("reason_code", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, false)
            .add(ARRIVAL_HOUR, DataTypes.TimestampType, false)
            .add(INGESTED_AT, DataTypes.TimestampType, false)
            .add(RUN_ID, DataTypes.StringType, false);

    /** bronze._ingest_manifest: one row per landing file seen, whatever became of it. */
    static final StructType MANIFEST = new StructType()
            .add("source_file", DataTypes.StringType, false)
            .add("stream", DataTypes.StringType, true)
            .add("arrival_hour", DataTypes.TimestampType, false)
            .add("format", DataTypes.StringType, false)
            .add("size_bytes", DataTypes.LongType, false)
            .add("sha256", DataTypes.StringType, true)
            .add("status", DataTypes.StringType, false)
            .add("duplicate_of", DataTypes.StringType, true)
            .add("lines", DataTypes.LongType, false)
            .add("rows_written", DataTypes.LongType, false)
            .add("rows_rejected", DataTypes.LongType, false)
            .add(RUN_ID, DataTypes.StringType, false)
            .add(INGESTED_AT, DataTypes.TimestampType, false);

    private BronzeSchemas() {
    }

    static DataType sparkType(FieldSpec f) {
        return DataType.fromDDL(f.type().sparkType());
    }

    /** The stream's bronze table: Coder's columns, then the unknown fields and the lineage columns. */
    static StructType bronze(StreamSpec spec) {
        List<StructField> fields = new ArrayList<>();
        for (FieldSpec f : spec.fields()) {
            fields.add(DataTypes.createStructField(f.name(), sparkType(f), true));
        }
        fields.add(DataTypes.createStructField(EXTRA, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(LINE, DataTypes.LongType, false));
        fields.add(DataTypes.createStructField(ARRIVAL_HOUR, DataTypes.TimestampType, false));
        fields.add(DataTypes.createStructField(ARRIVAL_DATE, DataTypes.DateType, false));
        fields.add(DataTypes.createStructField(INGESTED_AT, DataTypes.TimestampType, false));
        fields.add(DataTypes.createStructField(RUN_ID, DataTypes.StringType, false));
        return DataTypes.createStructType(fields);
    }
}
