package com.coderinsights.dw.serving.export;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;

/** A job that exports its tables one after the other (each table's load step, then its prune step), then derives. */
final class ExportJobs {

    /** The identifying parameters: the window, and the attempt that tells a deliberate re-export apart. */
    static final String[] PARAMETERS = {"from", "to", "attempt"};

    private ExportJobs() {
    }

    static Job job(String name, JobRepository jobRepository, ExportSteps steps, List<TableExport> tables, Step... after) {
        List<Step> all = new ArrayList<>();
        tables.forEach(t -> all.addAll(steps.steps(t)));
        all.addAll(List.of(after));
        JobParametersValidator validator = new DefaultJobParametersValidator(PARAMETERS, new String[0]);
        SimpleJobBuilder job = new JobBuilder(name, jobRepository).validator(validator).start(all.get(0));
        all.subList(1, all.size()).forEach(job::next);
        return job.build();
    }
}
