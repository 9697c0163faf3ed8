package com.coderinsights.dw.spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.coderinsights.dw.spark.common.DeltaWriter;
import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows {@link DeltaWriter} reports come from the commit it made, read from the table's log: the
 * rows written (not those Delta copied from a rewritten file), and 0 when Delta made no commit.
 */
class DeltaWriterTest extends SparkTestBase {

    private static final StructType SCHEMA = new StructType().add("day", DataTypes.StringType).add("n", DataTypes.IntegerType);

    private static Dataset<Row> rows(Object[]... values) {
        return spark().createDataFrame(java.util.Arrays.stream(values).map(RowFactory::create).toList(), SCHEMA);
    }

    @Test
    void shouldReportTheRowsOfEachCommitAndNoneWhenNothingWasCommitted(@TempDir Path dir) {
        String path = dir.resolve("t").toUri().toString();
        // created: every row is written
        assertThat(DeltaWriter.replace(spark(), rows(new Object[] {"a", 1}, new Object[] {"a", 2}, new Object[] {"b", 3}), path,
                "day = 'a'")).isEqualTo(3);
        // one file holds both days: replacing day a rewrites it, copying b's row, which is not counted
        assertThat(DeltaWriter.replace(spark(), rows(new Object[] {"a", 4}), path, "day = 'a'")).isEqualTo(1);
        assertThat(spark().read().format("delta").load(path).orderBy("n").collectAsList().stream().map(r -> r.getInt(1)).toList())
                .containsExactly(3, 4);
        long version = DeltaTable.forPath(spark(), path).history(1).head().getLong(0);
        // nothing to replace and nothing to write: Delta makes no commit, and the writer says 0, not the last commit's rows
        assertThat(DeltaWriter.replace(spark(), rows(), path, "day = 'c'")).isZero();
        assertThat(DeltaTable.forPath(spark(), path).history(1).head().getLong(0)).isEqualTo(version);
        assertThat(DeltaWriter.append(spark(), rows(new Object[] {"c", 5}, new Object[] {"c", 6}), path,
                DeltaWriter.Layout.partitionedBy())).isEqualTo(2);
        assertThat(DeltaWriter.overwrite(spark(), rows(new Object[] {"d", 7}), path)).isEqualTo(1);
        assertThat(spark().read().format("delta").load(path).count()).isEqualTo(1);
    }

    @Test
    void shouldCountNothingForAnEmptyTableCreatedWithItsLayout(@TempDir Path dir) {
        String path = dir.resolve("t").toUri().toString();
        assertThat(DeltaWriter.replace(spark(), rows(), path, "day = 'a'",
                DeltaWriter.Layout.partitionedBy("day").withStats("n"))).isZero();
        assertThat(DeltaWriter.replace(spark(), rows(new Object[] {"a", 1}), path, "day = 'a'",
                DeltaWriter.Layout.partitionedBy("day").withStats("n"))).isEqualTo(1);
        assertThat(List.of(spark().read().format("delta").load(path).columns())).containsExactly("day", "n");
    }

    @Test
    void shouldGiveATableCreatedBeforeItsLayoutTheLayoutsStatisticsColumnsOnce(@TempDir Path dir) throws java.io.IOException {
        Path table = dir.resolve("t");
        String path = table.toUri().toString();
        DeltaWriter.Layout layout = DeltaWriter.Layout.partitionedBy().withStats("n");
        // created without the layout: Delta keeps statistics of every column
        assertThat(DeltaWriter.replace(spark(), rows(new Object[] {"a", 1}), path, "day = 'a'")).isEqualTo(1);
        assertThat(statsOfFilesAdded(table, 0)).containsExactly("{\"numRecords\":1,\"minValues\":{\"day\":\"a\",\"n\":1},"
                + "\"maxValues\":{\"day\":\"a\",\"n\":1},\"nullCount\":{\"day\":0,\"n\":0}}");

        // its next write with the layout: first the table property (version 1), then the rows, with statistics of n only
        assertThat(DeltaWriter.replace(spark(), rows(new Object[] {"b", 2}), path, "day = 'b'", layout)).isEqualTo(1);
        assertThat(DeltaTable.forPath(spark(), path).detail().select("properties").head().getJavaMap(0))
                .containsEntry("delta.dataSkippingStatsColumns", "n");
        assertThat(statsOfFilesAdded(table, 2)).containsExactly("{\"numRecords\":1,\"minValues\":{\"n\":2},"
                + "\"maxValues\":{\"n\":2},\"nullCount\":{\"n\":0}}");

        // after that, one commit per write, the property already set (appends alike)
        assertThat(DeltaWriter.replace(spark(), rows(new Object[] {"c", 3}), path, "day = 'c'", layout)).isEqualTo(1);
        assertThat(DeltaWriter.append(spark(), rows(new Object[] {"d", 4}), path, layout)).isEqualTo(1);
        assertThat(DeltaTable.forPath(spark(), path).history().count()).isEqualTo(5);
        assertThat(statsOfFilesAdded(table, 4)).containsExactly("{\"numRecords\":1,\"minValues\":{\"n\":4},"
                + "\"maxValues\":{\"n\":4},\"nullCount\":{\"n\":0}}");
        assertThat(spark().read().format("delta").load(path).orderBy("n").collectAsList().stream().map(r -> r.getInt(1)).toList())
                .containsExactly(1, 2, 3, 4);
    }

    /** The statistics of the files a commit added, as its log entry records them. */
    private static List<String> statsOfFilesAdded(Path table, long version) throws java.io.IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> stats = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(table.resolve("_delta_log").resolve(String.format("%020d.json", version)))) {
            com.fasterxml.jackson.databind.JsonNode add = json.readTree(line).get("add");
            if (add != null) {
                stats.add(add.get("stats").asText());
            }
        }
        return stats;
    }
}
