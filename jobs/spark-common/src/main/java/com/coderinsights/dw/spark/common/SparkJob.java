package com.coderinsights.dw.spark.common;

import org.apache.spark.sql.SparkSession;

/**
 * One Spark job: reads its inputs for a window and replaces exactly the rows that window owns.
 * The pipeline runner calls jobs in one JVM and one SparkSession.
 */
public interface SparkJob {

    /** The job's name: Spark app name suffix, Airflow task id, log prefix. */
    String name();

    /** Runs the job over {@code window}; returns what it did, for the run summary. */
    JobResult run(SparkSession spark, RunWindow window, JobContext context);
}
