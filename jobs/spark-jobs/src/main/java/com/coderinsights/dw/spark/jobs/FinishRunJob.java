package com.coderinsights.dw.spark.jobs;

import com.coderinsights.dw.spark.common.HandOff;
import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.common.SparkJob;
import com.coderinsights.dw.spark.jobs.gold.BuildReportTablesJob;
import com.coderinsights.dw.spark.jobs.silver.BuildSilverJob;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import org.apache.spark.sql.SparkSession;

/**
 * The last step of a pipeline run's layers: what they handed on that no later layer of the run took goes to the pending
 * tables (gold's (bucket, user) pairs, the report tables' scope), then the writes that waited for every layer to be done
 * (silver's log of the bronze files it processed). A run that fails before this step has logged no file as processed, so
 * the next run does those files again from silver. Nothing to do for a job run on its own (no {@link HandOff}).
 */
public final class FinishRunJob implements SparkJob {

    public static final String NAME = "finish_run";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JobResult run(SparkSession spark, RunWindow window, JobContext ctx) {
        Map<String, Long> counts = new LinkedHashMap<>();
        HandOff handOff = ctx.handOff();
        if (handOff == null) {
            return new JobResult(NAME, counts);
        }
        SortedMap<Instant, SortedSet<String>> buckets = handOff.takeUserBuckets();
        if (!buckets.isEmpty()) {
            counts.put("user_buckets_left_pending", BuildSilverJob.notePendingBuckets(spark, ctx.lake(), buckets, ctx.runId()));
        }
        SortedSet<Instant> wholeHours = handOff.takeWholeReportHours();
        SortedMap<Instant, SortedSet<String>> usersByHour = handOff.takeReportUsers();
        if (!wholeHours.isEmpty() || !usersByHour.isEmpty()) {
            BuildReportTablesJob.notePending(spark, ctx.lake(), wholeHours, usersByHour, ctx.runId() + "/left");
            counts.put("report_hours_left_pending", (long) wholeHours.size()
                    + usersByHour.values().stream().mapToLong(SortedSet::size).sum());
        }
        handOff.takeAtEnd().forEach((name, write) -> counts.put(name + "_rows_written", write.getAsLong()));
        return new JobResult(NAME, counts);
    }
}
