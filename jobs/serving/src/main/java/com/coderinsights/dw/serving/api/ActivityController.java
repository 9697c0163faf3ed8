package com.coderinsights.dw.serving.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import com.coderinsights.dw.serving.api.Reports.ActivityInterval;
import com.coderinsights.dw.serving.api.Reports.ActivityResponse;
import com.coderinsights.dw.serving.api.Reports.ActivityUser;
import com.coderinsights.dw.serving.api.Reports.UserActivityCount;

/**
 * {@code GET /api/private/metrics/activity}: the Coder v1 activity report (SEMANTICS.md Part A 6) from the hourly
 * minutes of gold.v1_activity_hourly. A unit is an active minute (logins: one per event); durations are
 * nanoseconds (count x 60 s); an interval's duration is its length, as in the v1 documentation's example.
 */
@RestController
public class ActivityController {

    private static final Pattern INTERVAL = Pattern.compile("(\\d+) ?(day|week|month|year)s?");
    private static final Map<String, String> CATEGORIES = Map.of("any", "any", "ide", "ide", "tunnel", "tunnel",
            "web_terminal", "web_terminal", "web terminal", "web_terminal", "app", "app", "login", "login");
    private static final long MINUTE_NS = 60_000_000_000L;

    private final NamedParameterJdbcTemplate db;
    private final ReportCache cache;

    public ActivityController(NamedParameterJdbcTemplate db, ReportCache cache) {
        this.db = db;
        this.cache = cache;
    }

    @GetMapping("/api/private/metrics/activity")
    public ResponseEntity<byte[]> activity(HttpServletRequest request) {
        QueryParams params = new QueryParams(request.getParameterMap());
        OffsetDateTime start = params.requiredTime("start");
        OffsetDateTime end = params.requiredTime("end");
        String categoryParam = params.string("category");
        String intervalParam = params.string("interval");
        List<UUID> org = params.uuids("org");
        params.done();
        String category = CATEGORIES.get(categoryParam.isEmpty() ? "any" : categoryParam.toLowerCase());
        if (category == null) {
            throw CoderError.invalid("category", "must be one of [any ide tunnel web_terminal app login]");
        }
        Matcher interval = INTERVAL.matcher(intervalParam.isEmpty() ? "1 day" : intervalParam.strip().toLowerCase());
        if (!interval.matches() || Integer.parseInt(interval.group(1)) < 1) {
            throw CoderError.invalid("interval", "must be \"N day\", \"N week\", \"N month\" or \"N year\" with N >= 1, e.g. \"1 week\"");
        }
        if (org.size() > 1) {
            throw CoderError.invalid("org", "one organization id at most");
        }
        if (!start.truncatedTo(ChronoUnit.HOURS).equals(start) || !end.truncatedTo(ChronoUnit.HOURS).equals(end)) {
            throw CoderError.invalid(!start.truncatedTo(ChronoUnit.HOURS).equals(start) ? "start" : "end",
                    "must be a whole hour (activity is kept per hour)");
        }
        if (!end.isAfter(start)) {
            throw CoderError.invalid("end", "must be after \"start\"");
        }
        UUID organization = org.isEmpty() ? null : org.get(0);
        Caller caller = InsightsController.caller(request);
        if (!caller.siteInsights() && (organization == null || !caller.insightOrganizations().contains(organization))) {
            throw CoderError.notFound();
        }

        String key = "activity " + start + " " + end + " " + category + " " + interval.group(1) + " " + interval.group(2) + " " + organization;
        return cache.answer(request, key, () -> activity(start, end, category, interval, organization));
    }

    private ActivityResponse activity(OffsetDateTime start, OffsetDateTime end, String category, Matcher interval, UUID organization) {
        int n = Integer.parseInt(interval.group(1));
        ChronoUnit unit = switch (interval.group(2)) {
            case "day" -> ChronoUnit.DAYS;
            case "week" -> ChronoUnit.WEEKS;
            case "month" -> ChronoUnit.MONTHS;
            default -> ChronoUnit.YEARS;
        };
        List<OffsetDateTime[]> intervals = new ArrayList<>();
        for (int k = 0; ; k++) {
            OffsetDateTime from = start.plus((long) k * n, unit);
            if (!from.isBefore(end)) {
                break;
            }
            OffsetDateTime to = start.plus((long) (k + 1) * n, unit);
            intervals.add(new OffsetDateTime[] {from, to.isAfter(end) ? end : to});
        }
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("starts", array(intervals.stream().map(i -> i[0]).toList()))
                .addValue("ends", array(intervals.stream().map(i -> i[1]).toList()))
                .addValue("category", category)
                .addValue("org", organization == null ? null : organization.toString());
        Map<Integer, List<UserActivityCount>> byInterval = new TreeMap<>();
        Map<UUID, long[]> totals = new LinkedHashMap<>();
        db.query("""
                SELECT i.k, a.user_id, sum(a.count) AS count
                FROM unnest(CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[])) WITH ORDINALITY AS i (from_, to_, k)
                JOIN serving.v1_activity_hourly a ON a.hour >= i.from_ AND a.hour < i.to_
                WHERE a.category = :category
                  AND ((CAST(:org AS uuid) IS NULL AND a.organization_id IS NULL) OR a.organization_id = CAST(:org AS uuid))
                GROUP BY i.k, a.user_id
                ORDER BY i.k, a.user_id
                """, p, rs -> {
            UUID user = rs.getObject("user_id", UUID.class);
            long count = rs.getLong("count");
            byInterval.computeIfAbsent(rs.getInt("k") - 1, k -> new ArrayList<>()).add(new UserActivityCount(user, count * MINUTE_NS, count));
            totals.computeIfAbsent(user, u -> new long[1])[0] += count;
        });
        List<ActivityInterval> activity = new ArrayList<>();
        for (int k = 0; k < intervals.size(); k++) {
            OffsetDateTime[] i = intervals.get(k);
            activity.add(new ActivityInterval(Times.rfc3339(i[0]), Duration.between(i[0], i[1]).toNanos(),
                    byInterval.getOrDefault(k, List.of())));
        }
        return new ActivityResponse(activity, users(totals));
    }

    private Map<UUID, ActivityUser> users(Map<UUID, long[]> totals) {
        Map<UUID, ActivityUser> users = new TreeMap<>(java.util.Comparator.comparing(UUID::toString));
        if (totals.isEmpty()) {
            return users;
        }
        String ids = "{" + totals.keySet().stream().map(UUID::toString).collect(Collectors.joining(",")) + "}";
        Map<UUID, ActivityUser> known = new LinkedHashMap<>();
        db.query("SELECT id, name, username, avatar_url, rbac_roles FROM serving.users WHERE id = ANY (CAST(:ids AS uuid[]))",
                new MapSqlParameterSource("ids", ids), rs -> {
                    UUID id = rs.getObject("id", UUID.class);
                    List<String> roles = List.of((String[]) rs.getArray("rbac_roles").getArray());
                    long count = totals.get(id)[0];
                    known.put(id, new ActivityUser(id, rs.getString("name"), rs.getString("username"), roles,
                            avatarHash(rs.getString("avatar_url")), count, count * MINUTE_NS));
                });
        totals.forEach((id, count) -> users.put(id, known.getOrDefault(id,
                new ActivityUser(id, "", "", List.of(), "", count[0], count[0] * MINUTE_NS))));
        return users;
    }

    private static String array(List<OffsetDateTime> times) {
        return times.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(",", "{", "}"));
    }

    /** v1 gives a hash of the avatar instead of its URL: the SHA-256 of the URL ("" when the user has none). */
    private static String avatarHash(String url) {
        if (url == null || url.isEmpty()) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
