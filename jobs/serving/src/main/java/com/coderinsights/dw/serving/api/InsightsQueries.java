package com.coderinsights.dw.serving.api;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import com.coderinsights.dw.serving.api.Reports.ConnectionLatency;
import com.coderinsights.dw.serving.api.Reports.ParameterOption;
import com.coderinsights.dw.serving.api.Reports.ParameterValue;
import com.coderinsights.dw.serving.api.Reports.TemplateAppUsage;
import com.coderinsights.dw.serving.api.Reports.TemplateParameterUsage;
import com.coderinsights.dw.serving.api.Reports.UserActivity;
import com.coderinsights.dw.serving.api.Reports.UserLatency;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coder's insights queries (SEMANTICS.md §4) over the serving tables. Every range filter is Coder's: a half hour
 * counts when it lies wholly inside [start, end); minutes of one user in one half hour are capped at 30 across
 * templates; an empty template list means every template.
 */
@Component
public class InsightsQueries {

    /** The rollup rows of the range and templates: the common first CTE. */
    private static final String ROWS = """
            rows AS (
                SELECT * FROM serving.usage_buckets b
                WHERE b.start_time >= :start AND b.end_time <= :end
                  AND (:all_templates OR b.template_id = ANY (CAST(:template_ids AS uuid[])))
            )""";

    /**
     * Over the whole UTC days [:first_day, :end_day): a series row (V8) of a user (or template and user) active on one
     * of them, and its minutes there.
     */
    private static final String SERIES_ACTIVE = "first_day < :end_day AND serving.series_sum(active_days, first_day, :first_day, :end_day) > 0";
    private static final String SERIES_MINUTES = "serving.series_sum(usage_mins, first_day, :first_day, :end_day)";
    /** The templates of the request (an empty list: every template). */
    private static final String OF_TEMPLATES = "(:all_templates OR template_id = ANY (CAST(:template_ids AS uuid[])))";

    private final NamedParameterJdbcTemplate db;
    private final JsonMapper json = JsonMapper.builder().build();

    public InsightsQueries(NamedParameterJdbcTemplate db) {
        this.db = db;
    }

    static MapSqlParameterSource range(OffsetDateTime start, OffsetDateTime end, List<UUID> templateIds) {
        return new MapSqlParameterSource()
                .addValue("start", start)
                .addValue("end", end)
                .addValue("all_templates", templateIds.isEmpty())
                .addValue("template_ids", "{" + templateIds.stream().map(UUID::toString).collect(Collectors.joining(",")) + "}");
    }

    /**
     * §4.5: capped usage seconds per user, ordered by user id. For all templates or one template, the whole UTC days
     * inside the range come from the series of daily rollups (already capped per half hour; a row per user, or per
     * template and user, V8) and only the half hours at the range's ends (an offset that is not UTC) from the rollup
     * rows; several templates read the half hours.
     */
    List<UserActivity> userActivity(OffsetDateTime start, OffsetDateTime end, List<UUID> templateIds) {
        DaySplit days = DaySplit.of(start, end);
        if (templateIds.size() > 1 || days == null) {
            return db.query("WITH " + ROWS + """
                    , per_bucket AS (
                        SELECT start_time, user_id, least(sum(usage_mins), 30) AS minutes FROM rows GROUP BY start_time, user_id
                    ), per_user AS (
                        SELECT user_id, sum(minutes) AS minutes FROM per_bucket GROUP BY user_id
                    ), templates AS (
                        SELECT user_id, array_agg(DISTINCT template_id ORDER BY template_id) AS template_ids FROM rows GROUP BY user_id
                    )
                    SELECT p.user_id, coalesce(u.username, '') AS username, coalesce(u.avatar_url, '') AS avatar_url,
                           p.minutes * 60 AS seconds, t.template_ids
                    FROM per_user p JOIN templates t ON t.user_id = p.user_id LEFT JOIN serving.users u ON u.id = p.user_id
                    ORDER BY p.user_id
                    """, range(start, end, templateIds), this::userActivity);
        }
        MapSqlParameterSource p = range(start, end, templateIds).addValue("first_day", days.first()).addValue("end_day", days.end())
                .addValue("days_start", days.startTime()).addValue("days_end", days.endTime());
        String daily = "SELECT user_id, " + SERIES_MINUTES + " AS minutes FROM " + activeSeries(templateIds);
        String pairs = "SELECT user_id, template_id FROM serving.template_user_usage_series WHERE " + OF_TEMPLATES + " AND " + SERIES_ACTIVE;
        String cte;
        if (days.covers(start, end)) {
            // whole UTC days only: a series row per user (per pair) already
            cte = "per_user AS (\n" + daily + "\n), pairs AS (\n" + pairs + "\n)";
        } else {
            cte = """
                    edges AS (
                        SELECT start_time, user_id, template_id, usage_mins FROM serving.usage_buckets b
                        WHERE b.start_time >= :start AND b.end_time <= :end
                          AND (b.start_time < :days_start OR b.start_time >= :days_end)
                          AND (:all_templates OR b.template_id = ANY (CAST(:template_ids AS uuid[])))
                    ), minutes AS (
                        SELECT user_id, least(sum(usage_mins), 30) AS minutes FROM edges GROUP BY start_time, user_id
                        UNION ALL
                    """ + daily + """

                    ), per_user AS (
                        SELECT user_id, sum(minutes) AS minutes FROM minutes GROUP BY user_id
                    ), pairs AS (
                        SELECT user_id, template_id FROM edges
                        UNION
                    """ + pairs + """

                    )""";
        }
        return db.query("WITH " + cte + """
                , templates AS (
                    SELECT user_id, array_agg(template_id ORDER BY template_id) AS template_ids FROM pairs GROUP BY user_id
                )
                SELECT p.user_id, coalesce(u.username, '') AS username, coalesce(u.avatar_url, '') AS avatar_url,
                       p.minutes * 60 AS seconds, t.template_ids
                FROM per_user p JOIN templates t ON t.user_id = p.user_id LEFT JOIN serving.users u ON u.id = p.user_id
                ORDER BY p.user_id
                """, p, this::userActivity);
    }

    private UserActivity userActivity(ResultSet rs, int n) throws SQLException {
        return new UserActivity(uuids(rs.getArray("template_ids")), rs.getObject("user_id", UUID.class), rs.getString("username"),
                rs.getString("avatar_url"), rs.getLong("seconds"));
    }

    /**
     * The whole UTC days inside [start, end): {@code [first, end)} as dates and as instants. Null when there is none
     * (the range is then read from the half hours only).
     */
    record DaySplit(java.time.LocalDate first, java.time.LocalDate end, OffsetDateTime startTime, OffsetDateTime endTime) {
        static DaySplit of(OffsetDateTime start, OffsetDateTime end) {
            OffsetDateTime s = start.withOffsetSameInstant(ZoneOffset.UTC);
            java.time.LocalDate first = atUtcMidnight(start) ? s.toLocalDate() : s.toLocalDate().plusDays(1);
            java.time.LocalDate last = end.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
            if (!first.isBefore(last)) {
                return null;
            }
            return new DaySplit(first, last, first.atStartOfDay().atOffset(ZoneOffset.UTC), last.atStartOfDay().atOffset(ZoneOffset.UTC));
        }

        /** Whether [start, end) is these whole days and nothing more (no half hours at its ends). */
        boolean covers(OffsetDateTime start, OffsetDateTime end) {
            return startTime.isEqual(start) && endTime.isEqual(end);
        }
    }

    private static boolean atUtcMidnight(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime().equals(java.time.LocalTime.MIDNIGHT);
    }

    /** The usage series (V8): of users over all templates merged, or of each template and user (templates listed). */
    private static String seriesTable(List<UUID> templateIds) {
        return templateIds.isEmpty() ? "serving.user_usage_series" : "serving.template_user_usage_series";
    }

    /** The series rows of the request's templates active in the whole days: a table and its condition. */
    private static String activeSeries(List<UUID> templateIds) {
        return seriesTable(templateIds) + " WHERE " + (templateIds.isEmpty() ? "" : OF_TEMPLATES + " AND ") + SERIES_ACTIVE;
    }

    /** §4.6: p50 and p95 (interpolated) of the half-hour medians per user; -1 when the user has none. */
    List<UserLatency> userLatency(OffsetDateTime start, OffsetDateTime end, List<UUID> templateIds) {
        return db.query("WITH " + ROWS + """
                SELECT r.user_id, coalesce(u.username, '') AS username, coalesce(u.avatar_url, '') AS avatar_url,
                       array_agg(DISTINCT r.template_id ORDER BY r.template_id) AS template_ids,
                       coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY r.median_latency_ms), -1) AS p50,
                       coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY r.median_latency_ms), -1) AS p95
                FROM rows r LEFT JOIN serving.users u ON u.id = r.user_id
                GROUP BY r.user_id, u.username, u.avatar_url
                ORDER BY r.user_id
                """, range(start, end, templateIds), (rs, n) -> new UserLatency(uuids(rs.getArray("template_ids")),
                rs.getObject("user_id", UUID.class), rs.getString("username"), rs.getString("avatar_url"),
                new ConnectionLatency(rs.getDouble("p50"), rs.getDouble("p95"))));
    }

    /**
     * §4.1: the report's templates, active users and the five builtin rows (always, in Coder's order). Whole UTC days
     * come from the day totals (all templates: capped per half hour; one template: its own) and, for the distinct
     * users, the series of daily rollups (a row per user, V8); the ends of the range from the half hours.
     */
    Totals totals(OffsetDateTime start, OffsetDateTime end, List<UUID> templateIds) {
        DaySplit days = DaySplit.of(start, end);
        String rows;
        MapSqlParameterSource p = range(start, end, templateIds);
        if (templateIds.size() > 1 || days == null) {
            rows = ROWS + """
                    , minutes AS (
                        SELECT least(sum(vscode_mins), 30) AS vscode, least(sum(jetbrains_mins), 30) AS jetbrains,
                               least(sum(reconnecting_pty_mins), 30) AS pty, least(sum(ssh_mins), 30) AS ssh,
                               least(sum(sftp_mins), 30) AS sftp
                        FROM rows GROUP BY start_time, user_id
                    ), users AS (
                        SELECT DISTINCT user_id FROM rows
                    ), per_template AS (
                        SELECT template_id, vscode_mins, jetbrains_mins, reconnecting_pty_mins, ssh_mins, sftp_mins FROM rows
                    )""";
        } else {
            // whole days: minutes from the day totals (V6), users from the series (V8), the ends from the half hours
            p.addValue("first_day", days.first()).addValue("end_day", days.end()).addValue("days_start", days.startTime())
                    .addValue("days_end", days.endTime());
            String dayRange = " day >= :first_day AND day < :end_day";
            String totals = templateIds.isEmpty() ? "serving.day_totals WHERE" + dayRange
                    : "serving.template_day_totals WHERE " + OF_TEMPLATES + " AND" + dayRange;
            // a range of whole UTC days has no ends: the planner drops the half hours (planning them costs ~1 ms)
            String edges = days.covers(start, end) ? "FALSE" : """
                    b.start_time >= :start AND b.end_time <= :end
                      AND (b.start_time < :days_start OR b.start_time >= :days_end)
                      AND (:all_templates OR b.template_id = ANY (CAST(:template_ids AS uuid[])))""";
            rows = """
                    edges AS (
                        SELECT * FROM serving.usage_buckets b WHERE\s""" + edges + """

                    ), minutes AS (
                        SELECT least(sum(vscode_mins), 30) AS vscode, least(sum(jetbrains_mins), 30) AS jetbrains,
                               least(sum(reconnecting_pty_mins), 30) AS pty, least(sum(ssh_mins), 30) AS ssh,
                               least(sum(sftp_mins), 30) AS sftp
                        FROM edges GROUP BY start_time, user_id
                        UNION ALL
                        SELECT vscode_mins, jetbrains_mins, reconnecting_pty_mins, ssh_mins, sftp_mins FROM\s""" + totals + """

                    ), users AS (
                        SELECT user_id FROM edges
                        UNION
                        SELECT user_id FROM\s""" + activeSeries(templateIds) + """

                    ), per_template AS (
                        SELECT template_id, vscode_mins, jetbrains_mins, reconnecting_pty_mins, ssh_mins, sftp_mins FROM edges
                        UNION ALL
                        SELECT template_id, vscode_mins, jetbrains_mins, reconnecting_pty_mins, ssh_mins, sftp_mins
                        FROM serving.template_day_totals
                        WHERE day >= :first_day AND day < :end_day AND (:all_templates OR template_id = ANY (CAST(:template_ids AS uuid[])))
                    )""";
        }
        return db.queryForObject("WITH " + rows + """
                , sums AS (
                    SELECT coalesce(sum(vscode), 0) * 60 AS vscode, coalesce(sum(jetbrains), 0) * 60 AS jetbrains,
                           coalesce(sum(pty), 0) * 60 AS pty, coalesce(sum(ssh), 0) * 60 AS ssh,
                           coalesce(sum(sftp), 0) * 60 AS sftp, (SELECT count(*) FROM users) AS active_users
                    FROM minutes
                ), templates AS (
                    SELECT array_agg(template_id ORDER BY template_id) AS all_ids,
                           array_agg(template_id ORDER BY template_id) FILTER (WHERE vscode) AS vscode_ids,
                           array_agg(template_id ORDER BY template_id) FILTER (WHERE jetbrains) AS jetbrains_ids,
                           array_agg(template_id ORDER BY template_id) FILTER (WHERE pty) AS pty_ids,
                           array_agg(template_id ORDER BY template_id) FILTER (WHERE ssh) AS ssh_ids,
                           array_agg(template_id ORDER BY template_id) FILTER (WHERE sftp) AS sftp_ids
                    FROM (
                        -- a row per template first: the arrays then sort 50 ids, not a row per template and day
                        SELECT template_id, bool_or(vscode_mins > 0) AS vscode, bool_or(jetbrains_mins > 0) AS jetbrains,
                               bool_or(reconnecting_pty_mins > 0) AS pty, bool_or(ssh_mins > 0) AS ssh, bool_or(sftp_mins > 0) AS sftp
                        FROM per_template GROUP BY template_id
                    ) t
                )
                SELECT * FROM sums, templates
                """, p, (rs, n) -> new Totals(uuids(rs.getArray("all_ids")), rs.getLong("active_users"),
                List.of(builtin(rs, "vscode_ids", "vscode", "Visual Studio Code", "vscode", "/icon/code.svg"),
                        builtin(rs, "jetbrains_ids", "jetbrains", "JetBrains", "jetbrains", "/icon/intellij.svg"),
                        builtin(rs, "pty_ids", "pty", "Web Terminal", "reconnecting-pty", "/icon/terminal.svg"),
                        builtin(rs, "ssh_ids", "ssh", "SSH", "ssh", "/icon/terminal.svg"),
                        builtin(rs, "sftp_ids", "sftp", "SFTP", "sftp", "/icon/terminal.svg"))));
    }

    record Totals(List<UUID> templateIds, long activeUsers, List<TemplateAppUsage> builtins) {
    }

    private static TemplateAppUsage builtin(ResultSet rs, String ids, String seconds, String displayName, String slug, String icon)
            throws SQLException {
        return new TemplateAppUsage(uuids(rs.getArray(ids)), "builtin", displayName, slug, icon, rs.getLong(seconds), 0);
    }

    /**
     * §4.3: the custom apps (keys of the bucket map that are app slugs of the template, named by its latest
     * definition), seconds capped per half hour and user, times_used = runs of consecutive half hours per user.
     */
    List<TemplateAppUsage> apps(OffsetDateTime start, OffsetDateTime end, List<UUID> templateIds) {
        DaySplit days = DaySplit.of(start, end);
        boolean wholeDays = days != null && days.covers(start, end);
        if (templateIds.size() == 1 && wholeDays) {
            return appsOfOneTemplateByDay(templateIds.get(0), days);
        }
        if (templateIds.isEmpty() && wholeDays && dayTotalsAreCurrent()) {
            return appsByDayTotals(days);
        }
        MapSqlParameterSource p = range(start, end, templateIds).addValue("last_start", end.minus(Duration.ofMinutes(30)));
        return db.query("""
                WITH usage AS (
                    SELECT a.start_time, a.user_id, a.template_id, ta.slug, ta.display_name, ta.icon, a.minutes
                    FROM serving.app_usage_buckets a
                    JOIN serving.template_apps ta ON ta.template_id = a.template_id AND ta.slug = a.app_name
                    WHERE a.start_time >= :start AND a.start_time <= :last_start
                      AND (:all_templates OR (a.template_id = ANY (CAST(:template_ids AS uuid[]))
                                              AND ta.template_id = ANY (CAST(:template_ids AS uuid[]))))
                ), capped AS (
                    -- one row per app, user and half hour (templates merged, capped at 30), with the run it belongs to:
                    -- consecutive half hours share start_time - rank x 30 min
                    SELECT slug, display_name, icon, user_id, least(sum(minutes), 30) AS minutes,
                           start_time - row_number() OVER (PARTITION BY slug, display_name, icon, user_id ORDER BY start_time)
                               * INTERVAL '30 minutes' AS island
                    FROM usage GROUP BY slug, display_name, icon, user_id, start_time
                ), apps AS (
                    SELECT slug, display_name, icon, sum(minutes) * 60 AS seconds, count(DISTINCT (user_id, island)) AS times_used
                    FROM capped GROUP BY slug, display_name, icon
                ), templates AS (
                    SELECT slug, display_name, icon, array_agg(DISTINCT template_id ORDER BY template_id) AS template_ids
                    FROM usage GROUP BY slug, display_name, icon
                )
                SELECT a.slug, a.display_name, a.icon, a.seconds, a.times_used, t.template_ids
                FROM apps a JOIN templates t USING (slug, display_name, icon)
                ORDER BY a.slug, a.display_name, a.icon
                """, p, (rs, n) -> new TemplateAppUsage(uuids(rs.getArray("template_ids")), "app", rs.getString("display_name"),
                rs.getString("slug"), rs.getString("icon"), rs.getLong("seconds"), rs.getLong("times_used")));
    }

    /**
     * §4.3 for one template over whole UTC days, from serving.template_app_usage_day_totals (V5): times_used = the runs
     * started in the days plus those continuing into the first one.
     */
    private List<TemplateAppUsage> appsOfOneTemplateByDay(UUID template, DaySplit days) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("template", template).addValue("first_day", days.first())
                .addValue("end_day", days.end());
        return db.query("""
                SELECT d.app_name AS slug, ta.display_name, ta.icon, sum(d.minutes) * 60 AS seconds,
                       sum(d.runs) + coalesce(sum(d.continued) FILTER (WHERE d.day = :first_day), 0) AS times_used
                FROM serving.template_app_usage_day_totals d
                JOIN serving.template_apps ta ON ta.template_id = d.template_id AND ta.slug = d.app_name
                WHERE d.template_id = :template AND d.day >= :first_day AND d.day < :end_day
                GROUP BY d.app_name, ta.display_name, ta.icon
                ORDER BY d.app_name, ta.display_name, ta.icon
                """, p, (rs, n) -> new TemplateAppUsage(List.of(template), "app", rs.getString("display_name"), rs.getString("slug"),
                rs.getString("icon"), rs.getLong("seconds"), rs.getLong("times_used")));
    }

    /** Whether serving.app_usage_day_totals was derived with the app definitions serving.template_apps holds now. */
    private boolean dayTotalsAreCurrent() {
        return Boolean.TRUE.equals(db.getJdbcTemplate().queryForObject("""
                SELECT coalesce((SELECT template_apps FROM serving.app_usage_day_totals_source) = serving.template_apps_fingerprint(), FALSE)
                """, Boolean.class));
    }

    /**
     * §4.3 over all templates and whole UTC days, from serving.app_usage_day_totals (V5): minutes already capped per
     * user, key and half hour; times_used = the runs started in the days plus those continuing into the first one.
     */
    private List<TemplateAppUsage> appsByDayTotals(DaySplit days) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("first_day", days.first()).addValue("end_day", days.end());
        return db.query("""
                WITH d AS (
                    SELECT * FROM serving.app_usage_day_totals WHERE day >= :first_day AND day < :end_day
                ), ids AS (
                    SELECT slug, display_name, icon, array_agg(DISTINCT t ORDER BY t) AS template_ids
                    FROM d CROSS JOIN LATERAL unnest(d.template_ids) AS t
                    GROUP BY slug, display_name, icon
                )
                SELECT d.slug, d.display_name, d.icon, sum(d.minutes) * 60 AS seconds,
                       sum(d.runs) + coalesce(sum(d.continued) FILTER (WHERE d.day = :first_day), 0) AS times_used,
                       min(ids.template_ids) AS template_ids
                FROM d JOIN ids USING (slug, display_name, icon)
                GROUP BY d.slug, d.display_name, d.icon
                ORDER BY d.slug, d.display_name, d.icon
                """, p, (rs, n) -> new TemplateAppUsage(uuids(rs.getArray("template_ids")), "app", rs.getString("display_name"),
                rs.getString("slug"), rs.getString("icon"), rs.getLong("seconds"), rs.getLong("times_used")));
    }

    /**
     * §4.4: per (template, workspace) the latest build (highest number) created in [start, end); its parameter values
     * grouped by definition (identical definitions merge across versions and templates), counted per value. From
     * serving.workspace_latest_builds (V8): a workspace whose latest build was created in the range answers from its
     * row, one whose newest build is older than the range has none in it, and only the others (a range ending before
     * the workspace's latest build) probe its builds.
     */
    List<TemplateParameterUsage> parameters(OffsetDateTime start, OffsetDateTime end, List<UUID> templateIds) {
        List<Map<String, Object>> rows = db.queryForList("""
                WITH workspaces AS (
                    SELECT * FROM serving.workspace_latest_builds w
                    WHERE w.last_created_at >= :start AND (:all_templates OR w.template_id = ANY (CAST(:template_ids AS uuid[])))
                ), latest AS (
                    SELECT template_id, value_ids FROM workspaces WHERE created_at >= :start AND created_at < :end
                    UNION ALL
                    SELECT w.template_id, b.value_ids FROM workspaces w CROSS JOIN LATERAL (
                        SELECT s.value_ids FROM serving.build_parameter_sets s
                        WHERE s.workspace_id = w.workspace_id AND s.template_id = w.template_id
                          AND s.created_at >= :start AND s.created_at < :end
                        ORDER BY s.build_number DESC LIMIT 1
                    ) b
                    WHERE NOT (w.created_at >= :start AND w.created_at < :end)
                ), sets AS (
                    -- workspaces of a template mostly share their combinations of values: unnest each once
                    SELECT template_id, value_ids, count(*) AS workspaces FROM latest GROUP BY template_id, value_ids
                ), chosen AS (
                    SELECT s.template_id, v.value_id, s.workspaces FROM sets s CROSS JOIN LATERAL unnest(s.value_ids) AS v(value_id)
                ), counts AS (
                    SELECT value_id, sum(workspaces) AS count FROM chosen GROUP BY value_id
                ), definitions AS (
                    SELECT v.definition_id, array_agg(DISTINCT c.template_id ORDER BY c.template_id) AS template_ids
                    FROM (SELECT DISTINCT template_id, value_id FROM chosen) c JOIN serving.parameter_values v ON v.id = c.value_id
                    GROUP BY v.definition_id
                )
                SELECT t.template_ids, d.name, d.type, d.display_name, d.description, d.options, v.value, c.count
                FROM counts c JOIN serving.parameter_values v ON v.id = c.value_id
                JOIN definitions t ON t.definition_id = v.definition_id JOIN serving.parameter_definitions d ON d.id = v.definition_id
                ORDER BY d.name, d.type, d.display_name, d.description, d.options, v.value
                """, range(start, end, templateIds));
        List<TemplateParameterUsage> out = new ArrayList<>();
        List<Object> key = null;
        List<ParameterValue> values = null;
        for (Map<String, Object> r : rows) {
            List<Object> k = Arrays.asList(r.get("name"), r.get("type"), r.get("display_name"), r.get("description"), r.get("options"));
            if (!k.equals(key)) {
                key = k;
                values = new ArrayList<>();
                out.add(new TemplateParameterUsage(uuids((Array) r.get("template_ids")), (String) r.get("display_name"),
                        (String) r.get("name"), (String) r.get("type"), Markdown.plaintext((String) r.get("description")),
                        options((String) r.get("options")), values));
            }
            values.add(new ParameterValue((String) r.get("value"), ((Number) r.get("count")).longValue()));
        }
        return out;
    }

    private List<ParameterOption> options(String text) {
        List<ParameterOption> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        JsonNode options = json.readTree(text);
        for (JsonNode o : options) {
            out.add(new ParameterOption(o.path("name").asString(""), o.path("description").asString(""),
                    o.path("value").asString(""), o.path("icon").asString("")));
        }
        return out;
    }

    /** An interval of an interval report or a DAU entry, with its active users. */
    record Interval(OffsetDateTime start, OffsetDateTime end, List<UUID> templateIds, long activeUsers) {
    }

    /**
     * §4.2: intervals of {@code days} x 24 h from start while before end, the last one cut at end; per interval the
     * users with a half hour that starts in it and ends by its end. Empty intervals have 0.
     */
    List<Interval> intervals(OffsetDateTime start, OffsetDateTime end, int days, List<UUID> templateIds) {
        MapSqlParameterSource p = range(start, end, templateIds).addValue("step", days * 24);
        ZoneOffset zone = start.getOffset();
        boolean utcStart = atUtcMidnight(start);
        String hits = """
                hits AS (
                    SELECT i.from_, b.template_id, b.user_id FROM i
                    JOIN serving.usage_buckets b
                      ON b.start_time >= i.from_ AND b.start_time < i.to_ AND b.end_time <= i.to_
                     AND (:all_templates OR b.template_id = ANY (CAST(:template_ids AS uuid[])))
                    %s
                )""";
        String usage;
        String active = "SELECT from_, count(*) AS users FROM (SELECT DISTINCT from_, user_id FROM users) u GROUP BY from_";
        if (utcStart && templateIds.size() <= 1) {
            // intervals of whole UTC days: a user is active in one when its series has an active day there, a template
            // when a day total exists; only a last interval cut short (today's, or a range ending inside a day) reads
            // the half hours
            String dayRows = """
                    FROM i JOIN %s d
                      ON d.day >= CAST(i.from_ AT TIME ZONE 'UTC' AS date) AND d.day < CAST(i.to_ AT TIME ZONE 'UTC' AS date)
                     %s
                    WHERE i.to_ = date_trunc('day', i.to_, 'UTC')""";
            // users: the series rows (V8) with an active day in the interval
            String seriesRows = """
                    FROM i JOIN %s d
                      ON d.first_day < CAST(i.to_ AT TIME ZONE 'UTC' AS date)
                     AND serving.series_sum(d.active_days, d.first_day, CAST(i.from_ AT TIME ZONE 'UTC' AS date),
                                            CAST(i.to_ AT TIME ZONE 'UTC' AS date)) > 0
                     %s
                    WHERE i.to_ = date_trunc('day', i.to_, 'UTC')""";
            String ofTemplates = "AND " + OF_TEMPLATES;
            // a range ending at a UTC midnight has no interval cut short: the planner drops the half hours
            boolean wholeDays = atUtcMidnight(end);
            usage = hits.formatted(wholeDays ? "WHERE FALSE" : "WHERE i.to_ <> date_trunc('day', i.to_, 'UTC')") + """
                    , users AS (
                        SELECT from_, user_id FROM hits
                    ), templates AS (
                        SELECT from_, template_id FROM hits
                        UNION ALL
                        SELECT i.from_, d.template_id\s""" + dayRows.formatted("serving.template_day_totals", ofTemplates) + """

                    )""";
            // an interval's users come either from the half hours (cut short) or from whole days: a day's are its day
            // total's, several days' are the series rows (a row per user, templates merged or one template)
            active += " UNION ALL SELECT i.from_, " + (days == 1
                    ? "d.active_users " + (templateIds.isEmpty() ? dayRows.formatted("serving.day_totals", "")
                            : dayRows.formatted("serving.template_day_totals", ofTemplates))
                    : "count(*) " + seriesRows.formatted(seriesTable(templateIds), templateIds.isEmpty() ? "" : ofTemplates)
                            + " GROUP BY i.from_");
        } else {
            usage = hits.formatted("") + """
                    , users AS (
                        SELECT from_, user_id FROM hits
                    ), templates AS (
                        SELECT from_, template_id FROM hits
                    )""";
        }
        return db.query("""
                WITH i AS (
                    SELECT from_, least(from_ + :step * INTERVAL '1 hour', CAST(:end AS timestamptz)) AS to_
                    FROM generate_series(CAST(:start AS timestamptz), CAST(:end AS timestamptz) - INTERVAL '1 microsecond',
                                         :step * INTERVAL '1 hour') AS from_
                ),\s""" + usage + """
                , active AS (
                """ + active + """

                ), used AS (
                    SELECT from_, array_agg(template_id ORDER BY template_id) AS template_ids
                    FROM (SELECT DISTINCT from_, template_id FROM templates) t GROUP BY from_
                )
                SELECT i.from_, i.to_, coalesce(used.template_ids, '{}') AS template_ids, coalesce(active.users, 0) AS active_users
                FROM i LEFT JOIN active USING (from_) LEFT JOIN used USING (from_)
                ORDER BY i.from_
                """, p, (rs, n) -> new Interval(rs.getObject("from_", OffsetDateTime.class).withOffsetSameInstant(zone),
                rs.getObject("to_", OffsetDateTime.class).withOffsetSameInstant(zone), uuids(rs.getArray("template_ids")),
                rs.getLong("active_users")));
    }

    /** The organization of a template, or null when the serving store does not know it. */
    UUID templateOrganization(UUID templateId) {
        List<UUID> org = db.queryForList("SELECT organization_id FROM serving.templates WHERE id = :id",
                new MapSqlParameterSource("id", templateId), UUID.class);
        return org.isEmpty() ? null : org.get(0);
    }

    static List<UUID> uuids(Array array) {
        if (array == null) {
            return List.of();
        }
        Object[] values;
        try {
            values = (Object[]) array.getArray();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        List<UUID> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(v instanceof UUID u ? u : UUID.fromString(v.toString()));
        }
        return out;
    }
}
