package com.coderinsights.dw.serving.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * {@code scripts/export}: copies the gold data of a window from the lake (through Trino, as the administrator
 * user) into the serving PostgreSQL, one Spring Batch job per group of tables. The schema is migrated first
 * (Flyway, {@code classpath:db/migration}).
 */
@SpringBootApplication
public class ExportApplication {

    static final String USAGE = """
            usage: scripts/export --from YYYY-MM-DD --to YYYY-MM-DD [--jobs a,b] [--attempt-new]

            Exports the UTC days [from, to) of the gold tables, and the dimensions, from the lake (through Trino)
            into the serving PostgreSQL, with idempotent upserts. A window that failed or was cut off is restarted
            where it stopped; a finished window is exported again (the same rows are rewritten, rows that vanished
            upstream are deleted).

              --from, --to  the window, UTC days, to exclusive (--from 2026-11-02 --to 2026-11-04: two days)
              --jobs        only these jobs (%s)

            Connections come from conf/serving/application*.yml (spring.datasource.*, dw.trino.*).
            """.formatted(String.join(", ", ExportRunner.JOBS));

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource")
    public DataSourceProperties servingDataSourceProperties() {
        return new DataSourceProperties();
    }

    @Bean
    @Primary
    public DataSource servingDataSource(DataSourceProperties properties) {
        return properties.initializeDataSourceBuilder().build();
    }

    @Bean("trino")
    public DataSource trinoDataSource(@Value("${dw.trino.url}") String url, @Value("${dw.trino.user:dw}") String user) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", user);
        p.setProperty("timezone", "UTC");
        SimpleDriverDataSource ds = new SimpleDriverDataSource();
        ds.setDriverClass(io.trino.jdbc.TrinoDriver.class);
        ds.setUrl(url);
        ds.setConnectionProperties(p);
        return ds;
    }

    public static void main(String[] args) throws Exception {
        String from = null;
        String to = null;
        List<String> only = new ArrayList<>();
        List<String> spring = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--from" -> from = args[++i];
                case "--to" -> to = args[++i];
                case "--jobs" -> only.addAll(Arrays.asList(args[++i].split(",")));
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    if (args[i].startsWith("--") && args[i].contains("=")) {
                        spring.add(args[i]);
                    } else {
                        System.err.println(USAGE);
                        System.err.println("error: unknown argument " + args[i]);
                        System.exit(2);
                    }
                }
            }
        }
        if (from == null || to == null) {
            System.err.println(USAGE);
            System.err.println("error: --from and --to are required");
            System.exit(2);
        }
        for (String j : only) {
            if (!ExportRunner.JOBS.contains(j)) {
                System.err.println("error: unknown job " + j + " (jobs: " + ExportRunner.JOBS + ")");
                System.exit(2);
            }
        }
        ExportWindow window;
        try {
            window = ExportWindow.parse(from, to);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        SpringApplication app = new SpringApplication(ExportApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        boolean ok;
        try (ConfigurableApplicationContext context = app.run(spring.toArray(String[]::new))) {
            List<ExportRunner.Outcome> outcomes = context.getBean(ExportRunner.class).export(window, only);
            ok = outcomes.stream().allMatch(o -> o.status() == BatchStatus.COMPLETED)
                    && outcomes.size() == (only.isEmpty() ? ExportRunner.JOBS.size() : only.size());
            outcomes.forEach(o -> System.out.printf("%-18s instance %d attempt %d%s: %s %s%n", o.job(), o.instanceId(), o.attempt(),
                    o.restarted() ? " (restarted)" : "", o.status(), o.exitDescription().lines().findFirst().orElse("")));
        }
        System.exit(ok ? 0 : 1);
    }
}
