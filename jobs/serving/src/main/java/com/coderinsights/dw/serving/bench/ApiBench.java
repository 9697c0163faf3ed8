package com.coderinsights.dw.serving.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import com.coderinsights.dw.serving.api.ApiApplication;
import com.coderinsights.dw.serving.tokens.TokensCommand;

/**
 * {@code scripts/bench api}: fills a database of its own with 30 days of a 10,000-workspace deployment (about
 * 4,000 active users, 50 templates; gold-level rows from {@link ServingDataGenerator}), starts the report API over
 * it and times each route warm, sequentially, over 200 requests after 30 to warm up: computed afresh (the request
 * says Cache-Control: no-cache), then answered from the answers the API keeps while the data is unchanged
 * ({@link com.coderinsights.dw.serving.api.ReportCache}). Prints p50 and p95 of each.
 */
public final class ApiBench {

    private ApiBench() {
    }

    /** p50 and p95 in ms of {@code n} sequential requests, each checked to be a 200 answered from or not from the kept ones. */
    private static double[] time(HttpClient http, HttpRequest request, String cache, int n) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            send(http, request, cache);
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[n / 2], ms[(int) Math.ceil(n * 0.95) - 1]};
    }

    private static String send(HttpClient http, HttpRequest request, String cache) throws Exception {
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || !cache.equals(answer.headers().firstValue(com.coderinsights.dw.serving.api.ReportCache.HEADER).orElse(""))) {
            throw new IllegalStateException(request.uri() + ": " + answer.statusCode() + " " + answer.headers().map() + " " + answer.body());
        }
        return answer.body();
    }

    public static void main(String[] args) throws Exception {
        String server = System.getenv().getOrDefault("DW_SERVING_URL", "jdbc:postgresql://127.0.0.1:15432/coder_dw");
        int requests = 200;
        int workspaces = 10_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--workspaces" -> workspaces = Integer.parseInt(args[++i]);
                default -> {
                    if (!args[i].startsWith("--spring.")) {
                        throw new IllegalArgumentException("unknown argument " + args[i]);
                    }
                }
            }
        }
        String base = server.substring(0, server.lastIndexOf('/') + 1);
        String db = base + "bench_api";
        try (Connection c = DriverManager.getConnection(base + "postgres", "dw", ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS bench_api WITH (FORCE)");
            s.execute("CREATE DATABASE bench_api");
        }
        Flyway.configure().dataSource(db, "dw", "").schemas("serving").createSchemas(true)
                .placeholders(Map.of("api_role", "dw_api")).load().migrate();

        LocalDate first = LocalDate.parse("2026-10-22");
        int days = 30;
        int activeUsers = workspaces * 2 / 5;
        long t0 = System.nanoTime();
        ServingDataGenerator.Deployment d;
        String token;
        try (Connection c = DriverManager.getConnection(db, "dw", "")) {
            d = new ServingDataGenerator(42, workspaces, activeUsers, 50, first, days).fill(c);
            token = TokensCommand.create(c, d.ownerName(), "bench", Duration.ofDays(1));
        }
        System.out.printf("serving tables: %,d half-hour rows, %,d app rows, %,d user-days, %,d builds with 3 parameters each"
                + " (%d days, %,d active users, %d templates) filled in %.1f s%n", d.bucketRows(), d.appRows(), d.dailyRows(),
                d.buildRows(), days, activeUsers, d.templates().size(),
                (System.nanoTime() - t0) / 1e9);

        String end = first.plusDays(days).toString();
        String start28 = first.plusDays(days - 28).toString();
        String busy = d.templates().get(0).toString();
        try (ConfigurableApplicationContext api = SpringApplication.run(ApiApplication.class, "--spring.config.name=api",
                "--spring.config.location=optional:classpath:/,file:" + System.getProperty("dw.root", ".") + "/conf/serving/",
                "--spring.datasource.url=" + db, "--server.port=0", "--dw.api.now=" + end + "T00:10:00Z",
                "--logging.level.root=WARN", "--logging.level.com.coderinsights=WARN")) {
            String url = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
            Map<String, String> routes = new java.util.LinkedHashMap<>();
            routes.put("templates, 4 weeks, one template (dashboard)", "/api/v2/insights/templates?start_time=" + start28
                    + "T00:00:00Z&end_time=" + end + "T00:00:00Z&interval=week&template_ids=" + busy);
            routes.put("templates, 4 weeks, all templates", "/api/v2/insights/templates?start_time=" + start28
                    + "T00:00:00Z&end_time=" + end + "T00:00:00Z&interval=week");
            routes.put("user-activity, 30 days, all templates", "/api/v2/insights/user-activity?start_time=" + first
                    + "T00:00:00Z&end_time=" + end + "T00:00:00Z");
            routes.put("user-activity, 30 days, one template", "/api/v2/insights/user-activity?start_time=" + first
                    + "T00:00:00Z&end_time=" + end + "T00:00:00Z&template_ids=" + busy);
            routes.put("user-latency, 30 days, one template", "/api/v2/insights/user-latency?start_time=" + first
                    + "T00:00:00Z&end_time=" + end + "T00:00:00Z&template_ids=" + busy);
            routes.put("templates, all history, all templates", "/api/v2/insights/templates?start_time=2026-01-01T00:00:00Z&end_time="
                    + end + "T00:00:00Z");
            routes.put("user-activity, all history, all templates", "/api/v2/insights/user-activity?start_time=2026-01-01T00:00:00Z"
                    + "&end_time=" + end + "T00:00:00Z");
            routes.put("daus, deployment", "/api/v2/insights/daus");
            HttpClient http = HttpClient.newHttpClient();
            System.out.printf("%-46s %21s %21s %10s%n", "", "computed (no-cache)", "kept answer", "");
            System.out.printf("%-46s %10s %10s %10s %10s %10s%n", "route", "p50 ms", "p95 ms", "p50 ms", "p95 ms", "bytes");
            for (var r : routes.entrySet()) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + r.getValue())).header("Coder-Session-Token", token).GET();
                HttpRequest computed = request.copy().header("Cache-Control", "no-cache").build();
                int bytes = 0;
                for (int i = 0; i < 30; i++) {
                    bytes = send(http, computed, "miss").length();
                }
                double[] fresh = time(http, computed, "miss", requests);
                double[] kept = time(http, request.build(), "hit", requests);
                System.out.printf("%-46s %10.1f %10.1f %10.1f %10.1f %,10d%n", r.getKey(), fresh[0], fresh[1], kept[0], kept[1], bytes);
            }
        }
    }
}
