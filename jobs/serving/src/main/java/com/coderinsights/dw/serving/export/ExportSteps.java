package com.coderinsights.dw.serving.export;

import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds the two steps of every {@link TableExport}: {@code <name>Step} reads the Trino query in key order and
 * upserts each chunk into PostgreSQL (a chunk is one transaction; the reader's position is saved with it, so a
 * restarted run goes on after the last committed chunk), then {@code <name>PruneStep} deletes the rows of the
 * window that this job instance did not write. The window comes from the job parameters {@code from} and
 * {@code to}, late-bound when the step starts.
 */
@Component
public class ExportSteps {

    private static final Logger LOG = LoggerFactory.getLogger(ExportSteps.class);
    /** Rows written by this process, for the fault-injection switch of the restart test. */
    private static final AtomicLong WRITTEN = new AtomicLong();

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactions;
    private final DataSource serving;
    private final DataSource trino;
    private final int chunkSize;
    private final long pauseAfterRows;

    public ExportSteps(JobRepository jobRepository, PlatformTransactionManager transactions, DataSource serving,
                       @Qualifier("trino") DataSource trino, @Value("${dw.export.chunk-size:2000}") int chunkSize,
                       @Value("${dw.export.pause-after-rows:-1}") long pauseAfterRows) {
        this.jobRepository = jobRepository;
        this.transactions = transactions;
        this.serving = serving;
        this.trino = trino;
        this.chunkSize = chunkSize;
        this.pauseAfterRows = pauseAfterRows;
    }

    /** The load step and the prune step of a table, in that order. */
    public List<Step> steps(TableExport table) {
        TableReader reader = new TableReader(table, trino);
        TableWriter writer = new TableWriter(table, serving, pauseAfterRows);
        Step load = new StepBuilder(table.name() + "Step", jobRepository)
                .<ExportRow, ExportRow>chunk(chunkSize)
                .transactionManager(transactions)
                .reader(reader)
                .writer(writer)
                .listener(reader)
                .listener(writer)
                .build();
        Step prune = new StepBuilder(table.name() + "PruneStep", jobRepository)
                .tasklet((contribution, context) -> {
                    StepExecution step = context.getStepContext().getStepExecution();
                    long exportId = step.getJobExecution().getJobInstance().getInstanceId();
                    String sql = table.pruneSql(window(step.getJobExecution().getJobParameters()));
                    int deleted = new JdbcTemplate(serving).update(sql, exportId);
                    contribution.incrementWriteCount(deleted);
                    LOG.info("{}: {} rows of the window not written by export {} deleted", table.table(), deleted, exportId);
                    return RepeatStatus.FINISHED;
                }, transactions)
                .build();
        return List.of(load, prune);
    }

    /**
     * {@code <name>Step}: SQL run in the serving store over the window's rows (tables derived there from exported
     * ones), in one transaction, so a re-run or a restart simply derives again.
     */
    public Step derive(String name, String sql) {
        return new StepBuilder(name + "Step", jobRepository)
                .tasklet((contribution, context) -> {
                    StepExecution step = context.getStepContext().getStepExecution();
                    for (String statement : window(step.getJobExecution().getJobParameters()).statements(sql)) {
                        contribution.incrementWriteCount(new JdbcTemplate(serving).update(statement));
                    }
                    return RepeatStatus.FINISHED;
                }, transactions)
                .build();
    }

    static ExportWindow window(JobParameters parameters) {
        return ExportWindow.parse(parameters.getString("from"), parameters.getString("to"));
    }

    /** One row of a Trino query, values in the table's column order (text, numbers, booleans or null). */
    public record ExportRow(List<Object> values) {
    }

    /** A cursor over the Trino query of the step's window; restartable (it skips the rows already committed). */
    static final class TableReader implements ItemStreamReader<ExportRow>, StepExecutionListener {
        private final TableExport table;
        private final DataSource trino;
        private JdbcCursorItemReader<ExportRow> cursor;

        TableReader(TableExport table, DataSource trino) {
            this.table = table;
            this.trino = trino;
        }

        @Override
        public void beforeStep(StepExecution stepExecution) {
            cursor = new JdbcCursorItemReader<>(trino, window(stepExecution.getJobExecution().getJobParameters()).fill(table.trinoSql()),
                    (rs, n) -> {
                        ResultSetMetaData md = rs.getMetaData();
                        List<Object> values = new ArrayList<>(md.getColumnCount());
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            values.add(rs.getObject(i));
                        }
                        return new ExportRow(values);
                    });
            cursor.setName(table.name() + "Reader");
            cursor.setFetchSize(10_000);
            cursor.setVerifyCursorPosition(false);
        }

        @Override
        public ExportRow read() throws Exception {
            return cursor.read();
        }

        @Override
        public void open(ExecutionContext executionContext) throws ItemStreamException {
            cursor.open(executionContext);
        }

        @Override
        public void update(ExecutionContext executionContext) throws ItemStreamException {
            cursor.update(executionContext);
        }

        @Override
        public void close() throws ItemStreamException {
            if (cursor != null) {
                cursor.close();
            }
        }
    }

    /** Upserts a chunk, every row stamped with the job instance's id. */
    static final class TableWriter implements ItemWriter<ExportRow>, StepExecutionListener {
        private final TableExport table;
        private final JdbcBatchItemWriter<ExportRow> upsert = new JdbcBatchItemWriter<>();
        private final long pauseAfterRows;
        private long exportId;

        TableWriter(TableExport table, DataSource serving, long pauseAfterRows) {
            this.table = table;
            this.pauseAfterRows = pauseAfterRows;
            upsert.setDataSource(serving);
            upsert.setSql(table.upsertSql());
            upsert.setItemPreparedStatementSetter(this::bind);
            upsert.setAssertUpdates(true);
            upsert.afterPropertiesSet();
        }

        @Override
        public void beforeStep(StepExecution stepExecution) {
            exportId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        }

        private void bind(ExportRow row, PreparedStatement ps) throws SQLException {
            List<Object> values = row.values();
            if (values.size() != table.columns().size()) {
                throw new IllegalStateException(table.name() + ": the query gives " + values.size() + " columns, the table takes "
                        + table.columns().size());
            }
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            ps.setLong(values.size() + 1, exportId);
        }

        @Override
        public void write(Chunk<? extends ExportRow> chunk) throws Exception {
            if (pauseAfterRows >= 0 && WRITTEN.get() >= pauseAfterRows) {
                // the restart test's stand-in for a crash: the committed chunks stay, this process waits to be killed
                LOG.warn("pausing before {} rows of {} (dw.export.pause-after-rows={})", chunk.size(), table.table(), pauseAfterRows);
                Thread.sleep(Long.MAX_VALUE);
            }
            upsert.write(chunk);
            WRITTEN.addAndGet(chunk.size());
        }
    }
}
