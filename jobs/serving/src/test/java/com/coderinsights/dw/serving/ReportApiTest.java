package com.coderinsights.dw.serving;

import static com.coderinsights.dw.analytics.SmallDeployment.A;
import static com.coderinsights.dw.analytics.SmallDeployment.B;
import static com.coderinsights.dw.analytics.SmallDeployment.C;
import static com.coderinsights.dw.analytics.SmallDeployment.ORG_ACME;
import static com.coderinsights.dw.analytics.SmallDeployment.ORG_BETA;
import static com.coderinsights.dw.analytics.SmallDeployment.T1;
import static com.coderinsights.dw.analytics.SmallDeployment.T2;
import static com.coderinsights.dw.analytics.SmallDeployment.T3;
import static com.coderinsights.dw.serving.AccessFixture.T4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.coderinsights.dw.core.io.FileTrees;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.coderinsights.dw.analytics.SmallDeployment;
import com.coderinsights.dw.serving.api.TomcatBaseDirectory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The report API end to end on the hand-made deployment: landing files, the real pipeline, Trino, the exporter
 * into a real PostgreSQL, then HTTP. Every expected body is counted by hand from {@link SmallDeployment}'s table
 * (the same numbers dw-analytics's AnalyticsViewsTest checks on the views); "now" is pinned to 2026-11-06 00:10 UTC.
 */
class ReportApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RANGE = "start_time=2026-11-02T00:00:00Z&end_time=2026-11-04T00:00:00Z";
    private static String db;
    private static ServingStack.Api api;
    private static String owner;

    @BeforeAll
    static void serve() {
        Path lake = ServingStack.newLake("report-api");
        Path landing = ServingStack.landing(lake);
        SmallDeployment.writeLandings(landing);
        AccessFixture.writeLandings(landing);
        ServingStack.runPipeline(landing, lake);
        ServingStack.apply(lake);
        db = ServingStack.database("report_api");
        ServingStack.export(db, "2026-10-01", "2026-11-07");
        api = ServingStack.api(db, "2026-11-06T00:10:00Z");
        owner = ServingStack.token(db, "olivia");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    /** The expected JSON: single quotes for double quotes, and $A, $T1, ... for the fixture's ids. */
    private static JsonNode expected(String json) {
        String s = json.replace('\'', '"');
        for (var e : Map.of("$T1", T1, "$T2", T2, "$T3", T3, "$T4", T4, "$A", A, "$B", B, "$C", C).entrySet()) {
            s = s.replace(e.getKey(), e.getValue());
        }
        return JSON.readTree(s);
    }

    private static JsonNode ok(String path) {
        HttpResponse<String> r = api.get(path, owner);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode error(String path, int status) {
        HttpResponse<String> r = api.get(path, owner);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    // ---- full bodies ---------------------------------------------------------------------------------------

    @Test
    void userActivity_capsEachUsersHalfHoursAt30OverTemplates_orderedByUserId() {
        // alice: python 20 + go 20 in the 10:00 half hour count 30, then 1 + 1 (11-02) + 1 (11-03) minutes
        assertThat(ok("/api/v2/insights/user-activity?" + RANGE)).isEqualTo(expected("""
                {'report': {'start_time': '2026-11-02T00:00:00Z', 'end_time': '2026-11-04T00:00:00Z',
                  'template_ids': ['$T3', '$T1', '$T2'],
                  'users': [
                    {'template_ids': ['$T1'], 'user_id': '$C', 'username': 'carol', 'avatar_url': '', 'seconds': 1800},
                    {'template_ids': ['$T1', '$T2'], 'user_id': '$A', 'username': 'alice',
                     'avatar_url': 'https://example.com/alice.png', 'seconds': 1980},
                    {'template_ids': ['$T3'], 'user_id': '$B', 'username': 'bob', 'avatar_url': '', 'seconds': 3300}]}}"""));
        // python alone: nothing to cap (20 + 3 minutes); the offset of the request is kept in the answer
        assertThat(ok("/api/v2/insights/user-activity?start_time=2026-11-02T00:00:00%2B05:45&end_time=2026-11-03T00:00:00%2B05:45"
                + "&template_ids=" + T1)).isEqualTo(expected("""
                {'report': {'start_time': '2026-11-02T00:00:00+05:45', 'end_time': '2026-11-03T00:00:00+05:45',
                  'template_ids': ['$T1'],
                  'users': [
                    {'template_ids': ['$T1'], 'user_id': '$C', 'username': 'carol', 'avatar_url': '', 'seconds': 600},
                    {'template_ids': ['$T1'], 'user_id': '$A', 'username': 'alice',
                     'avatar_url': 'https://example.com/alice.png', 'seconds': 1320}]}}"""));
    }

    @Test
    void userLatency_isTheInterpolatedPercentileOfHalfHourMedians_orMinus1() {
        JsonNode body = ok("/api/v2/insights/user-latency?" + RANGE);
        // alice's medians 10, 20, 40, 100: p50 30, p95 40 + 0.85 x 60 = 91 (to the last bit as PostgreSQL computes it)
        JsonNode alice = body.path("report").path("users").path(1).path("latency_ms");
        assertThat(alice.path("p95").asDouble()).isCloseTo(91.0, within(1e-9));
        ((ObjectNode) alice).put("p95", 91.0);
        assertThat(body).isEqualTo(expected("""
                {'report': {'start_time': '2026-11-02T00:00:00Z', 'end_time': '2026-11-04T00:00:00Z',
                  'template_ids': ['$T3', '$T1', '$T2'],
                  'users': [
                    {'template_ids': ['$T1'], 'user_id': '$C', 'username': 'carol', 'avatar_url': '',
                     'latency_ms': {'p50': -1.0, 'p95': -1.0}},
                    {'template_ids': ['$T1', '$T2'], 'user_id': '$A', 'username': 'alice',
                     'avatar_url': 'https://example.com/alice.png', 'latency_ms': {'p50': 30.0, 'p95': 91.0}},
                    {'template_ids': ['$T3'], 'user_id': '$B', 'username': 'bob', 'avatar_url': '',
                     'latency_ms': {'p50': -1.0, 'p95': -1.0}}]}}"""));
    }

    @Test
    void templates_reportAndDailyIntervals_builtinsAlwaysFirst_thenAppsAndParameters() {
        assertThat(ok("/api/v2/insights/templates?" + RANGE + "&interval=day")).isEqualTo(expected("""
                {'report': {'start_time': '2026-11-02T00:00:00Z', 'end_time': '2026-11-04T00:00:00Z',
                  'template_ids': ['$T3', '$T1', '$T2'], 'active_users': 3,
                  'apps_usage': [
                    {'template_ids': ['$T1'], 'type': 'builtin', 'display_name': 'Visual Studio Code', 'slug': 'vscode',
                     'icon': '/icon/code.svg', 'seconds': 1380, 'times_used': 0},
                    {'template_ids': [], 'type': 'builtin', 'display_name': 'JetBrains', 'slug': 'jetbrains',
                     'icon': '/icon/intellij.svg', 'seconds': 0, 'times_used': 0},
                    {'template_ids': [], 'type': 'builtin', 'display_name': 'Web Terminal', 'slug': 'reconnecting-pty',
                     'icon': '/icon/terminal.svg', 'seconds': 0, 'times_used': 0},
                    {'template_ids': ['$T2'], 'type': 'builtin', 'display_name': 'SSH', 'slug': 'ssh',
                     'icon': '/icon/terminal.svg', 'seconds': 1200, 'times_used': 0},
                    {'template_ids': [], 'type': 'builtin', 'display_name': 'SFTP', 'slug': 'sftp',
                     'icon': '/icon/terminal.svg', 'seconds': 0, 'times_used': 0},
                    {'template_ids': ['$T1'], 'type': 'app', 'display_name': 'VS Code Web', 'slug': 'code-server',
                     'icon': '/icon/code-web.svg', 'seconds': 1800, 'times_used': 2},
                    {'template_ids': ['$T3'], 'type': 'app', 'display_name': 'Jupyter', 'slug': 'jupyter',
                     'icon': '/icon/jupyter.svg', 'seconds': 2880, 'times_used': 2}],
                  'parameters_usage': [
                    {'template_ids': ['$T3'], 'display_name': 'GPUs', 'name': 'gpus', 'type': 'number', 'description': '',
                     'values': [{'value': '2', 'count': 1}]},
                    {'template_ids': ['$T3', '$T1'], 'display_name': 'Region', 'name': 'region', 'type': 'string',
                     'description': 'Where it runs',
                     'options': [{'name': 'Europe', 'description': '', 'value': 'eu', 'icon': ''},
                                 {'name': 'US', 'description': '', 'value': 'us', 'icon': ''}],
                     'values': [{'value': 'eu', 'count': 1}, {'value': 'us', 'count': 1}]}]},
                 'interval_reports': [
                    {'start_time': '2026-11-02T00:00:00Z', 'end_time': '2026-11-03T00:00:00Z',
                     'template_ids': ['$T3', '$T1', '$T2'], 'interval': 'day', 'active_users': 3},
                    {'start_time': '2026-11-03T00:00:00Z', 'end_time': '2026-11-04T00:00:00Z',
                     'template_ids': ['$T1'], 'interval': 'day', 'active_users': 1}]}"""));
    }

    @Test
    void templates_weeklyIntervals_emptyIntervalsHave0_theLastIsPartial_sectionsPickTheParts() {
        // 13 days from 10-24: a full week nobody was active in, then 6 days (allowed: at least 6) up to today's midnight
        assertThat(ok("/api/v2/insights/templates?start_time=2026-10-24T00:00:00Z&end_time=2026-11-06T00:00:00Z"
                + "&interval=week&sections=interval_reports&template_ids=" + T3 + "," + T2)).isEqualTo(expected("""
                {'interval_reports': [
                    {'start_time': '2026-10-24T00:00:00Z', 'end_time': '2026-10-31T00:00:00Z',
                     'template_ids': [], 'interval': 'week', 'active_users': 0},
                    {'start_time': '2026-10-31T00:00:00Z', 'end_time': '2026-11-06T00:00:00Z',
                     'template_ids': ['$T3', '$T2'], 'interval': 'week', 'active_users': 2}]}"""));
        // only the report, and a template without any usage: the five builtin rows are still there
        JsonNode cuda = ok("/api/v2/insights/templates?" + RANGE + "&sections=report&template_ids=" + T4);
        assertThat(cuda.has("interval_reports")).isFalse();
        assertThat(cuda.path("report").path("active_users").asLong()).isZero();
        assertThat(cuda.path("report").path("apps_usage")).hasSize(5);
        assertThat(cuda.path("report").path("apps_usage").findValuesAsString("slug"))
                .containsExactly("vscode", "jetbrains", "reconnecting-pty", "ssh", "sftp");
        assertThat(cuda.path("report").path("parameters_usage")).isEmpty();
        // one template over whole days (the dashboard's request) reads the daily app table: the same numbers
        JsonNode python = ok("/api/v2/insights/templates?" + RANGE + "&sections=report&template_ids=" + T1).path("report");
        assertThat(python.path("apps_usage").get(5)).isEqualTo(expected("""
                {'template_ids': ['$T1'], 'type': 'app', 'display_name': 'VS Code Web', 'slug': 'code-server',
                 'icon': '/icon/code-web.svg', 'seconds': 1800, 'times_used': 2}"""));
        assertThat(python.path("apps_usage")).hasSize(6);
    }

    @Test
    void daus_sixtyDaysFromTheUtcMidnight_labelledInTheOffset() {
        JsonNode utc = ok("/api/v2/insights/daus");
        assertThat(utc.path("tz_hour_offset").asInt()).isZero();
        JsonNode entries = utc.path("entries");
        assertThat(entries).hasSize(61);
        assertThat(entries.get(0)).isEqualTo(expected("{'date': '2026-09-07', 'amount': 0}"));
        assertThat(List.of(entries.get(56), entries.get(57), entries.get(58), entries.get(59), entries.get(60))).containsExactly(
                expected("{'date': '2026-11-02', 'amount': 3}"), expected("{'date': '2026-11-03', 'amount': 1}"),
                expected("{'date': '2026-11-04', 'amount': 0}"), expected("{'date': '2026-11-05', 'amount': 1}"),
                expected("{'date': '2026-11-06', 'amount': 0}"));
        // UTC-5: the same UTC-midnight days, each dated by its start at -05:00 (the day before)
        JsonNode west = ok("/api/v2/insights/daus?tz_offset=-5");
        assertThat(west.path("tz_hour_offset").asInt()).isEqualTo(-5);
        assertThat(west.path("entries").get(56)).isEqualTo(expected("{'date': '2026-11-01', 'amount': 3}"));
        // one template
        JsonNode gpu = ok("/api/v2/templates/" + T3 + "/daus").path("entries");
        assertThat(gpu.get(56)).isEqualTo(expected("{'date': '2026-11-02', 'amount': 1}"));
        assertThat(gpu.get(57)).isEqualTo(expected("{'date': '2026-11-03', 'amount': 0}"));
    }

    @Test
    void v1Activity_minutesPerIntervalAndUser_withTheUsersTotals() throws Exception {
        String aliceHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("https://example.com/alice.png".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> r = api.get("/api/private/metrics/activity?start=2026-11-02T00:00:00Z&end=2026-11-09T00:00:00Z"
                + "&interval=1%20week", Map.of("Session-Token", owner));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // alice 30 + 1 + 1 + 1 minutes and a login; bob 45 + 3 + 7 minutes and a login; carol 10 + 20 + 10 (her login failed)
        assertThat(JSON.readTree(r.body())).isEqualTo(expected("""
                {'activity': [{'time': '2026-11-02T00:00:00Z', 'duration': 604800000000000, 'user_activity': [
                    {'user_id': '$C', 'duration': 2400000000000, 'count': 40},
                    {'user_id': '$A', 'duration': 2040000000000, 'count': 34},
                    {'user_id': '$B', 'duration': 3360000000000, 'count': 56}]}],
                 'users': {
                    '$C': {'id': '$C', 'name': '', 'username': 'carol', 'roles': [], 'avatar_hash': '', 'total_count': 40,
                           'total_duration': 2400000000000},
                    '$A': {'id': '$A', 'name': '', 'username': 'alice', 'roles': [], 'avatar_hash': '%s', 'total_count': 34,
                           'total_duration': 2040000000000},
                    '$B': {'id': '$B', 'name': '', 'username': 'bob', 'roles': [], 'avatar_hash': '', 'total_count': 56,
                           'total_duration': 3360000000000}}}""".formatted(aliceHash)));
    }

    private static List<String> v1(String query) {
        JsonNode body = ok("/api/private/metrics/activity?start=2026-11-02T00:00:00Z&end=2026-11-09T00:00:00Z&" + query);
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode i : body.path("activity")) {
            StringBuilder row = new StringBuilder(i.path("time").asString() + " " + i.path("duration").asLong() / 3_600_000_000_000L + "h:");
            for (JsonNode u : i.path("user_activity")) {
                row.append(' ').append(u.path("user_id").asString().equals(A) ? "alice" : u.path("user_id").asString().equals(B) ? "bob"
                        : "carol").append('=').append(u.path("count").asLong());
            }
            out.add(row.toString());
        }
        return out;
    }

    @Test
    void v1Activity_eachCategory_intervalForms_andOrganizations() {
        assertThat(v1("category=login&interval=1%20week")).containsExactly("2026-11-02T00:00:00Z 168h: alice=1 bob=1");
        assertThat(v1("category=ide&interval=3%20day")).containsExactly(
                "2026-11-02T00:00:00Z 72h: carol=30 bob=48", "2026-11-05T00:00:00Z 72h: carol=10", "2026-11-08T00:00:00Z 24h:");
        assertThat(v1("category=tunnel&interval=1%20month")).containsExactly("2026-11-02T00:00:00Z 168h: alice=33");
        assertThat(v1("category=app&interval=1%20year")).containsExactly("2026-11-02T00:00:00Z 168h: bob=5");
        assertThat(v1("category=web%20terminal&interval=1%20week")).containsExactly("2026-11-02T00:00:00Z 168h: bob=2");
        assertThat(v1("category=web_terminal&interval=1%20week")).containsExactly("2026-11-02T00:00:00Z 168h: bob=2");
        assertThat(v1("interval=2%20days")).containsExactly("2026-11-02T00:00:00Z 48h: carol=30 alice=34 bob=56",
                "2026-11-04T00:00:00Z 48h: carol=10", "2026-11-06T00:00:00Z 48h:", "2026-11-08T00:00:00Z 24h:");
        assertThat(v1("category=any&interval=1%20week&org=" + ORG_BETA)).containsExactly("2026-11-02T00:00:00Z 168h: bob=56");
        assertThat(v1("category=any&interval=1%20week&org=" + ORG_ACME)).containsExactly("2026-11-02T00:00:00Z 168h: carol=40 alice=34");
    }

    // ---- validation (SEMANTICS.md §5.2) ------------------------------------------------------------------------

    private static void invalid(String path, String message, String field, String detail) {
        JsonNode body = error(path, 400);
        assertThat(body.path("message").asString()).isEqualTo(message);
        assertThat(body.path("validations")).hasSize(1);
        assertThat(body.path("validations").get(0).path("field").asString()).isEqualTo(field);
        assertThat(body.path("validations").get(0).path("detail").asString()).contains(detail);
    }

    @Test
    void validation_everyRuleAnswers400InCodersShape() {
        String many = "Query parameters have invalid values.";
        String one = "Query parameter has invalid value.";
        String t = "/api/v2/insights/templates?";
        invalid(t + "end_time=2026-11-04T00:00:00Z", many, "start_time", "is required");
        invalid(t + "start_time=yesterday&end_time=2026-11-04T00:00:00Z", many, "start_time", "must be a valid date format");
        invalid(t + RANGE + "&color=blue", many, "color", "is not a valid query param");
        invalid(t + RANGE + "&template_ids=not-a-uuid", many, "template_ids", "invalid uuid");
        invalid(t + "start_time=2026-11-07T00:00:00Z&end_time=2026-11-07T00:00:00Z", one, "start_time", "must not be in the future");
        invalid(t + "start_time=2026-11-02T00:00:00Z&end_time=2026-11-06T02:00:00Z", one, "end_time", "must not be in the future");
        invalid(t + "start_time=2026-11-02T01:00:00Z&end_time=2026-11-04T00:00:00Z", one, "start_time", "00:00:00");
        invalid(t + "start_time=2026-11-02T00:00:00Z&end_time=2026-11-03T05:00:00Z", one, "end_time", "00:00:00");
        invalid(t + "start_time=2026-11-02T00:00:00Z&end_time=2026-11-06T00:30:00Z", one, "end_time", "HH:00:00");
        invalid(t + "start_time=2026-11-03T00:00:00Z&end_time=2026-11-02T00:00:00Z", one, "end_time", "must be after");
        invalid(t + RANGE + "&interval=month", one, "interval", "must be one of [day week]");
        invalid(t + "start_time=2026-11-02T00:00:00Z&end_time=2026-11-05T00:00:00Z&interval=week", one, "interval",
                "Last report interval should have at least 6 days.");
        invalid(t + RANGE + "&sections=report,charts", one, "sections", "must be one of [report interval_reports]");
        invalid("/api/v2/insights/daus?tz_offset=abc", many, "tz_offset", "must be a valid integer");
        invalid("/api/private/metrics/activity?start=2026-11-02T00:00:00Z&end=2026-11-09T00:00:00Z&category=mail", one, "category",
                "must be one of");
        invalid("/api/private/metrics/activity?start=2026-11-02T00:00:00Z&end=2026-11-09T00:00:00Z&interval=fortnight", one, "interval",
                "N day");
        // allowed: today's end at a whole hour (now is 00:10, so 01:00 is the next whole hour), and start == end
        assertThat(api.get(t + "start_time=2026-11-02T00:00:00Z&end_time=2026-11-06T01:00:00Z", owner).statusCode()).isEqualTo(200);
        assertThat(api.get(t + "start_time=2026-11-02T00:00:00Z&end_time=2026-11-02T00:00:00Z", owner).statusCode()).isEqualTo(200);
        // several problems are reported together
        assertThat(error(t + "color=blue", 400).path("validations")).hasSize(3);
    }

    // ---- authentication and authorization (SEMANTICS.md §5.5) ----------------------------------------------------

    @Test
    void authentication_missingMalformedUnknownAndWrongTokensAre401() {
        String path = "/api/v2/insights/user-activity?" + RANGE;
        assertThat(api.get(path, (String) null).statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(api.get(path, (String) null).body()).path("message").asString()).contains("signed out");
        assertThat(api.get(path, "garbage").statusCode()).isEqualTo(401);
        assertThat(api.get(path, "abcdefghij-abcdefghijklmnopqrstuv").statusCode()).isEqualTo(401);
        String wrongSecret = owner.substring(0, 11) + "A".repeat(22);
        HttpResponse<String> wrong = api.get(path, wrongSecret);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).path("detail").asString()).contains("secret is invalid");
        // the secret is stored hashed only
        assertThat(ServingStack.count(db, "SELECT count(*) FROM serving.api_tokens WHERE position(convert_to('"
                + owner.substring(11) + "', 'UTF8') in hashed_secret) > 0")).isZero();
    }

    @Test
    void authentication_byACoderDeployment_whenConfigured() throws Exception {
        // a stand-in for a Coder deployment's /api/v2/users/me (Coder itself cannot run here): it knows one token, oscar's
        com.sun.net.httpserver.HttpServer coder = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        coder.createContext("/api/v2/users/me", exchange -> {
            calls.incrementAndGet();
            boolean known = "coder-token-of-oscar".equals(exchange.getRequestHeaders().getFirst("Coder-Session-Token"));
            byte[] body = (known ? "{\"id\":\"" + AccessFixture.OSCAR + "\",\"username\":\"oscar\"}" : "{\"message\":\"no\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        coder.start();
        try (ServingStack.Api viaCoder = ServingStack.api(db, "2026-11-06T00:10:00Z",
                "--dw.api.coder-url=http://127.0.0.1:" + coder.getAddress().getPort() + "/")) {
            String path = "/api/v2/insights/user-activity?" + RANGE + "&template_ids=";
            // oscar, an organization admin of acme, as Coder knows him: his templates yes, beta's no
            assertThat(viaCoder.get(path + T1, "coder-token-of-oscar").statusCode()).isEqualTo(200);
            assertThat(viaCoder.get(path + T3, "coder-token-of-oscar").statusCode()).isEqualTo(404);
            // a token Coder refuses, and our own tokens, which this mode does not read
            assertThat(viaCoder.get(path + T1, "abcdefghij-abcdefghijklmnopqrstuv").statusCode()).isEqualTo(401);
            assertThat(viaCoder.get(path + T1, owner).statusCode()).isEqualTo(401);
            // answers are cached for a minute: oscar's three requests asked Coder once
            assertThat(calls.get()).isEqualTo(3);
        } finally {
            coder.stop(0);
        }
    }

    @Test
    void stopping_removesTomcatsBaseDirectory_unlessTheSettingsNameOne() throws Exception {
        // as in a fresh JVM, this API's Tomcat is the first: Tomcat makes its base directory the JVM's catalina.home
        String home = System.clearProperty("catalina.home");
        String base = System.clearProperty("catalina.base");
        Path named = java.nio.file.Files.createTempDirectory("report-api-tomcat-named.");
        try {
            Path made;
            try (ServingStack.Api second = ServingStack.api(db, "2026-11-06T00:10:00Z")) {
                made = second.context().getBean(TomcatBaseDirectory.class).own().orElseThrow();
                assertThat(made.getFileName().toString()).startsWith("dw-api-tomcat.");
                assertThat(made.resolve("work")).isDirectory();
                assertThat(System.getProperty("catalina.home")).isEqualTo(made.toString());
                assertThat(second.get("/api/v2/insights/daus?tz_offset=0", owner).statusCode()).isEqualTo(200);
            }
            assertThat(made).doesNotExist();
            assertThat(System.getProperty("catalina.home")).isNull();

            // the next API in the JVM does not make the first one's directory again as its home
            try (ServingStack.Api third = ServingStack.api(db, "2026-11-06T00:10:00Z", "--server.tomcat.basedir=" + named)) {
                assertThat(third.context().getBean(TomcatBaseDirectory.class).own()).isEmpty();
                assertThat(named.resolve("work")).isDirectory();
            }
            assertThat(made).doesNotExist();
            // a directory the settings name is the operator's: left as it is
            assertThat(named.resolve("work")).isDirectory();
        } finally {
            FileTrees.delete(named);
            restore("catalina.home", home);
            restore("catalina.base", base);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    @Test
    void authorization_matrix_perRoleAndTemplate() {
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        for (String u : List.of("olivia", "audrey", "tess", "oscar", "tina", "gary", "mia")) {
            tokens.put(u, ServingStack.token(db, u));
        }
        String all = "";
        // who may see which report: all templates, T1, T2, T1+T2, T3, T4, T1+T3
        List<String> cases = List.of(all, T1, T2, T1 + "," + T2, T3, T4, T1 + "," + T3);
        Map<String, String> expected = Map.of(
                "olivia", "1111111", "audrey", "1111111", "tess", "1111111",
                "oscar", "0111000", "tina", "0000100", "gary", "0000010", "mia", "0000000");
        for (var user : tokens.entrySet()) {
            StringBuilder seen = new StringBuilder();
            for (String ids : cases) {
                int status = api.get("/api/v2/insights/templates?" + RANGE + (ids.isEmpty() ? "" : "&template_ids=" + ids),
                        user.getValue()).statusCode();
                assertThat(status).isIn(200, 404);
                seen.append(status == 200 ? '1' : '0');
            }
            assertThat(seen.toString()).as(user.getKey()).isEqualTo(expected.get(user.getKey()));
            // the other template-scoped routes follow the same rule
            int activity = api.get("/api/v2/insights/user-activity?" + RANGE + "&template_ids=" + T1, user.getValue()).statusCode();
            int latency = api.get("/api/v2/insights/user-latency?" + RANGE + "&template_ids=" + T1, user.getValue()).statusCode();
            int daus = api.get("/api/v2/templates/" + T1 + "/daus", user.getValue()).statusCode();
            char t1 = expected.get(user.getKey()).charAt(1);
            assertThat(List.of(activity, latency, daus)).as(user.getKey()).containsOnly(t1 == '1' ? 200 : 404);
        }
        // deployment DAUs: reading the deployment's configuration (owner, auditor)
        assertThat(api.get("/api/v2/insights/daus", tokens.get("olivia")).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v2/insights/daus", tokens.get("audrey")).statusCode()).isEqualTo(200);
        for (String u : List.of("tess", "oscar", "mia")) {
            assertThat(api.get("/api/v2/insights/daus", tokens.get(u)).statusCode()).as(u).isEqualTo(404);
        }
        JsonNode denied = JSON.readTree(api.get("/api/v2/insights/user-activity?" + RANGE, tokens.get("mia")).body());
        assertThat(denied.path("message").asString()).isEqualTo("Resource not found or you do not have access to this resource");
        // v1: site roles, or an organization's admin for that organization
        assertThat(api.get("/api/private/metrics/activity?start=2026-11-02T00:00:00Z&end=2026-11-09T00:00:00Z&org=" + ORG_ACME,
                Map.of("Session-Token", tokens.get("oscar"))).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/private/metrics/activity?start=2026-11-02T00:00:00Z&end=2026-11-09T00:00:00Z",
                Map.of("Session-Token", tokens.get("oscar"))).statusCode()).isEqualTo(404);
    }

    @Test
    void responses_carryOnlyTheDocumentedFields_andTheApiIsReadOnly() {
        JsonNode user = ok("/api/v2/insights/user-activity?" + RANGE).path("report").path("users").get(0);
        assertThat(user.propertyNames()).containsExactlyInAnyOrder("template_ids", "user_id", "username", "avatar_url", "seconds");
        assertThat(ok("/api/v2/insights/user-activity?" + RANGE).toString()).doesNotContain("@example.com");
        assertThat(api.get("/api/v2/insights/nothing-here", owner).statusCode()).isEqualTo(404);
        // the API's database role can read and nothing else
        assertThat(ServingStack.count(db, "SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = 'dw_api'"
                + " AND table_schema = 'serving' AND privilege_type <> 'SELECT'")).isZero();
    }

    // ---- kept answers ---------------------------------------------------------------------------------------

    private static HttpResponse<String> get(String path, String token, String cacheControl) {
        return api.get(path, cacheControl == null ? Map.of("Coder-Session-Token", token)
                : Map.of("Coder-Session-Token", token, "Cache-Control", cacheControl));
    }

    private static long dataVersion() {
        return ServingStack.count(db, "SELECT version FROM serving.data_version");
    }

    private static void write(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(db, "dw", "")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
            c.commit();
        }
    }

    @Test
    void keptAnswers_areReusedWhileTheDataIsUnchanged_newDataIsNeverAnsweredFromOldOnes() throws Exception {
        String path = "/api/v2/insights/user-activity?" + RANGE;
        HttpResponse<String> computed = get(path, owner, "no-cache");
        assertThat(computed.headers().firstValue("X-Dw-Cache")).hasValue("miss");
        HttpResponse<String> kept = get(path, owner, null);
        assertThat(kept.headers().firstValue("X-Dw-Cache")).hasValue("hit");
        assertThat(kept.body()).isEqualTo(computed.body());
        assertThat(get(path, owner, "no-store").headers().firstValue("X-Dw-Cache")).hasValue("miss");
        // another route, or the same route with other parameters, is not the kept answer
        assertThat(get("/api/v2/insights/user-activity?" + RANGE + "&template_ids=" + T1, owner, null)
                .headers().firstValue("X-Dw-Cache")).hasValue("miss");
        assertThat(get("/api/v2/insights/user-latency?" + RANGE, owner, null).headers().firstValue("X-Dw-Cache")).hasValue("miss");

        // a transaction that writes a report's table raises the version once, however many statements it runs
        long before = dataVersion();
        try {
            write("UPDATE serving.users SET username = 'alice-renamed' WHERE username = 'alice'",
                    "UPDATE serving.users SET avatar_url = avatar_url || '?v=2' WHERE username = 'alice-renamed'");
            assertThat(dataVersion()).isEqualTo(before + 1);
            HttpResponse<String> after = get(path, owner, null);
            assertThat(after.headers().firstValue("X-Dw-Cache")).hasValue("miss");
            assertThat(after.body()).contains("alice-renamed").contains("alice.png?v=2").doesNotContain("\"alice\"");
            assertThat(get(path, owner, null).headers().firstValue("X-Dw-Cache")).hasValue("hit");
        } finally {
            write("UPDATE serving.users SET username = 'alice', avatar_url = replace(avatar_url, '?v=2', '')"
                    + " WHERE username = 'alice-renamed'");
        }
        assertThat(dataVersion()).isEqualTo(before + 2);
        assertThat(get(path, owner, null).body()).isEqualTo(computed.body());
        // reading raises nothing; a token minted (not report data) raises nothing either
        ServingStack.token(db, "mia");
        assertThat(dataVersion()).isEqualTo(before + 2);

        // a kept answer is given only after the caller's own authorization: mia may not see what olivia saw
        String mia = ServingStack.token(db, "mia");
        String templates = "/api/v2/insights/templates?" + RANGE + "&template_ids=" + T1;
        assertThat(get(templates, owner, null).statusCode()).isEqualTo(200);
        assertThat(get(templates, owner, null).headers().firstValue("X-Dw-Cache")).hasValue("hit");
        HttpResponse<String> refused = get(templates, mia, null);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain("active_users");
    }
}
