package com.coderinsights.dw.spark.jobs.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.coderinsights.dw.spark.common.DeltaWriter;
import com.coderinsights.dw.spark.common.Lake;
import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bound silver's agent stats take from their files' statistics: no row is later, and nothing is assumed without them. */
class LatestByStatisticsTest extends SparkTestBase {

    private static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType).add("created_at", DataTypes.TimestampType);

    @TempDir
    Path tmp;

    private static Dataset<Row> rows(String... createdAt) {
        return spark().createDataFrame(Arrays.stream(createdAt)
                .map(t -> RowFactory.create("r" + t, t == null ? null : Timestamp.from(Instant.parse(t)))).toList(), SCHEMA);
    }

    private Optional<Instant> latest(String path) {
        return Lake.latestByStatistics(spark(), path, "created_at");
    }

    @Test
    void shouldBoundEveryRowThoughTheStatisticsKeepOnlyMilliseconds() {
        String path = tmp.resolve("t").toString();
        DeltaWriter.append(spark(), rows("2026-11-02T08:00:00Z", "2026-11-02T09:20:00.000500Z"), path, DeltaWriter.Layout.partitionedBy());
        DeltaWriter.append(spark(), rows("2026-11-02T09:05:00Z"), path, DeltaWriter.Layout.partitionedBy());

        Instant bound = latest(path).orElseThrow();

        assertThat(bound).isAfterOrEqualTo(Instant.parse("2026-11-02T09:20:00.000500Z"))
                .isBeforeOrEqualTo(Instant.parse("2026-11-02T09:20:00.001500Z"));
    }

    @Test
    void shouldSayEveryRowIsLaterThanAnEmptyTablesRows() {
        String path = tmp.resolve("t").toString();
        DeltaWriter.create(spark(), SCHEMA, path, DeltaWriter.Layout.partitionedBy());

        assertThat(latest(path)).contains(Instant.MIN);
    }

    @Test
    void shouldKnowNothingWhenSomeFileHasNoMaximumOfTheColumn() {
        // statistics of the id only
        String noStats = tmp.resolve("no-stats").toString();
        DeltaWriter.append(spark(), rows("2026-11-02T08:00:00Z"), noStats, DeltaWriter.Layout.partitionedBy().withStats("id"));
        // a file of nulls only, beside one with a maximum
        String nulls = tmp.resolve("nulls").toString();
        DeltaWriter.append(spark(), rows("2026-11-02T08:00:00Z"), nulls, DeltaWriter.Layout.partitionedBy());
        DeltaWriter.append(spark(), rows((String) null), nulls, DeltaWriter.Layout.partitionedBy());

        assertThat(latest(noStats)).isEmpty();
        assertThat(latest(nulls)).isEmpty();
    }
}
