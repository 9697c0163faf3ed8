package com.coderinsights.dw.serving.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs the export jobs for a window, in dependency order. For each job: the first export of a window starts
 * instance {@code attempt=0}; a failed or interrupted one is restarted (the same instance, going on after its
 * last committed chunk); a completed one is exported again as the next attempt, which rewrites the same rows.
 * An advisory lock in the serving database keeps two exports from running at once, so an execution still
 * marked as running when the lock is free was cut off (a killed process) and is recovered before its restart.
 */
@Component
public class ExportRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExportRunner.class);
    /** The advisory lock key of the exporter ("dw-export"). */
    private static final long LOCK = 0x64772d6578706f72L;
    /** The jobs in the order they run; the report API reads the dimensions first, so they go first. */
    public static final List<String> JOBS = List.of("dimensionsJob", "usageBucketsJob", "dailyUsageJob", "v1ActivityJob",
            "parameterUsageJob");

    private final JobOperator operator;
    private final JobRepository repository;
    private final Map<String, Job> jobs;
    private final DataSource serving;

    public ExportRunner(JobOperator operator, JobRepository repository, Map<String, Job> jobs, DataSource serving) {
        this.operator = operator;
        this.repository = repository;
        this.jobs = jobs;
        this.serving = serving;
    }

    /** The outcome of one job: its instance, the attempt, and how it ended. */
    public record Outcome(String job, long instanceId, long attempt, boolean restarted, BatchStatus status, String exitDescription) {
    }

    /** Exports the window with the named jobs (all when empty); stops at the first job that does not complete. */
    public List<Outcome> export(ExportWindow window, List<String> only) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        try (var lock = serving.getConnection(); var st = lock.createStatement()) {
            try (var rs = st.executeQuery("SELECT pg_try_advisory_lock(" + LOCK + ")")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new IllegalStateException("another export runs against this serving database; try again when it is done");
                }
            }
            for (String name : JOBS) {
                if (!only.isEmpty() && !only.contains(name)) {
                    continue;
                }
                Outcome o = run(jobs.get(name), window);
                outcomes.add(o);
                LOG.info("{} {} (instance {}, attempt {}{}): {}", name, window, o.instanceId(), o.attempt(),
                        o.restarted() ? ", restarted" : "", o.status());
                if (o.status() != BatchStatus.COMPLETED) {
                    break;
                }
            }
            new JdbcTemplate(serving).queryForObject("SELECT pg_advisory_unlock(" + LOCK + ")", Boolean.class);
        }
        return outcomes;
    }

    private Outcome run(Job job, ExportWindow window) throws Exception {
        for (long attempt = 0; ; attempt++) {
            JobParameters parameters = new JobParametersBuilder()
                    .addString("from", window.from().toString())
                    .addString("to", window.to().toString())
                    .addLong("attempt", attempt)
                    .toJobParameters();
            JobInstance instance = repository.getJobInstance(job.getName(), parameters);
            if (instance == null) {
                return outcome(job, attempt, false, operator.start(job, parameters));
            }
            JobExecution last = repository.getLastJobExecution(instance);
            if (last == null) {
                return outcome(job, attempt, false, operator.start(job, parameters));
            }
            switch (last.getStatus()) {
                case COMPLETED, ABANDONED -> {
                    // exported already: the next attempt exports it again
                }
                case STARTING, STARTED, STOPPING -> {
                    LOG.warn("{} attempt {} was cut off while {} (execution {}): recovering and restarting it", job.getName(), attempt,
                            last.getStatus(), last.getId());
                    operator.recover(last);
                    return outcome(job, attempt, true, operator.restart(repository.getLastJobExecution(instance)));
                }
                default -> {
                    return outcome(job, attempt, true, operator.restart(last));
                }
            }
        }
    }

    private static Outcome outcome(Job job, long attempt, boolean restarted, JobExecution execution) {
        String description = execution.getExitStatus().getExitDescription();
        return new Outcome(job.getName(), execution.getJobInstance().getInstanceId(), attempt, restarted, execution.getStatus(),
                description == null ? "" : description);
    }
}
