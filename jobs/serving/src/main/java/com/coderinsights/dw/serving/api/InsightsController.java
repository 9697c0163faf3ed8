package com.coderinsights.dw.serving.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.coderinsights.dw.serving.api.Reports.DAUEntry;
import com.coderinsights.dw.serving.api.Reports.DAUsResponse;
import com.coderinsights.dw.serving.api.Reports.TemplateAppUsage;
import com.coderinsights.dw.serving.api.Reports.TemplateInsightsIntervalReport;
import com.coderinsights.dw.serving.api.Reports.TemplateInsightsReport;
import com.coderinsights.dw.serving.api.Reports.TemplateInsightsResponse;
import com.coderinsights.dw.serving.api.Reports.UserActivityInsightsReport;
import com.coderinsights.dw.serving.api.Reports.UserActivityInsightsResponse;
import com.coderinsights.dw.serving.api.Reports.UserLatencyInsightsReport;
import com.coderinsights.dw.serving.api.Reports.UserLatencyInsightsResponse;

/** Coder's insights routes (SEMANTICS.md §5): parameters, validation, authorization and bodies as coderd's. */
@RestController
public class InsightsController implements org.springframework.beans.factory.DisposableBean {

    private static final List<String> SECTIONS = List.of("report", "interval_reports");
    /** UUIDs in PostgreSQL's (and Go's string) order; UUID.compareTo compares signed halves. */
    private static final java.util.Comparator<UUID> BY_TEXT = java.util.Comparator.comparing(UUID::toString);

    private final InsightsQueries queries;
    private final ReportCache cache;
    private final Clock clock;
    /**
     * The report's four queries run side by side, as coderd's errgroup does; daemon threads, stopped with the
     * application (non-daemon ones kept the JVM of scripts/bench api alive after it had printed its figures).
     */
    private final ExecutorService parallel = Executors.newFixedThreadPool(4, task -> {
        Thread t = new Thread(task, "report-query");
        t.setDaemon(true);
        return t;
    });

    public InsightsController(InsightsQueries queries, ReportCache cache, Clock clock) {
        this.queries = queries;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public void destroy() {
        parallel.shutdownNow();
    }

    @GetMapping("/api/v2/insights/user-activity")
    public ResponseEntity<byte[]> userActivity(HttpServletRequest request) {
        Range r = range(request, new QueryParams(request.getParameterMap()));
        authorize(request, r.templateIds());
        return cache.answer(request, "user-activity " + r, () -> {
            var users = queries.userActivity(r.start(), r.end(), r.templateIds());
            List<UUID> all = users.stream().flatMap(u -> u.templateIds().stream()).distinct().sorted(BY_TEXT).toList();
            return new UserActivityInsightsResponse(
                    new UserActivityInsightsReport(Times.rfc3339(r.start()), Times.rfc3339(r.end()), all, users));
        });
    }

    @GetMapping("/api/v2/insights/user-latency")
    public ResponseEntity<byte[]> userLatency(HttpServletRequest request) {
        Range r = range(request, new QueryParams(request.getParameterMap()));
        authorize(request, r.templateIds());
        return cache.answer(request, "user-latency " + r, () -> {
            var users = queries.userLatency(r.start(), r.end(), r.templateIds());
            List<UUID> all = users.stream().flatMap(u -> u.templateIds().stream()).distinct().sorted(BY_TEXT).toList();
            return new UserLatencyInsightsResponse(
                    new UserLatencyInsightsReport(Times.rfc3339(r.start()), Times.rfc3339(r.end()), all, users));
        });
    }

    @GetMapping("/api/v2/insights/templates")
    public ResponseEntity<byte[]> templates(HttpServletRequest request) {
        QueryParams params = new QueryParams(request.getParameterMap());
        String interval = params.string("interval");
        List<String> sections = params.strings("sections");
        Range r = range(request, params);
        int days = switch (interval) {
            case "" -> 0;
            case "day" -> 1;
            case "week" -> 7;
            default -> throw CoderError.invalid("interval", "must be one of [day week]");
        };
        if (days == 7) {
            Duration span = Duration.between(r.start(), r.end());
            long rest = span.toSeconds() % Duration.ofDays(7).toSeconds();
            if (rest != 0 && rest < Duration.ofDays(6).toSeconds()) {
                throw CoderError.invalid("interval", "Last report interval should have at least 6 days.");
            }
        }
        for (String s : sections) {
            if (!SECTIONS.contains(s)) {
                throw CoderError.invalid("sections", "must be one of [report interval_reports]");
            }
        }
        boolean report = sections.isEmpty() || sections.contains("report");
        boolean intervals = (sections.isEmpty() || sections.contains("interval_reports")) && days > 0;
        authorize(request, r.templateIds());
        return cache.answer(request, "templates " + r + " " + interval + " " + report + " " + intervals,
                () -> templates(r, interval, days, report, intervals));
    }

    private TemplateInsightsResponse templates(Range r, String interval, int days, boolean report, boolean intervals) {
        var totals = report ? async(() -> queries.totals(r.start(), r.end(), r.templateIds())) : null;
        var apps = report ? async(() -> queries.apps(r.start(), r.end(), r.templateIds())) : null;
        var parameters = report ? async(() -> queries.parameters(r.start(), r.end(), r.templateIds())) : null;
        var byInterval = intervals ? async(() -> queries.intervals(r.start(), r.end(), days, r.templateIds())) : null;

        TemplateInsightsReport body = null;
        if (report) {
            InsightsQueries.Totals t = join(totals);
            List<TemplateAppUsage> usage = new ArrayList<>(t.builtins());
            usage.addAll(join(apps));
            body = new TemplateInsightsReport(Times.rfc3339(r.start()), Times.rfc3339(r.end()), t.templateIds(), t.activeUsers(), usage,
                    join(parameters));
        }
        List<TemplateInsightsIntervalReport> reports = List.of();
        if (intervals) {
            reports = join(byInterval).stream().map(i -> new TemplateInsightsIntervalReport(Times.rfc3339(i.start()),
                    Times.rfc3339(i.end()), i.templateIds(), interval, i.activeUsers())).toList();
        }
        return new TemplateInsightsResponse(body, reports);
    }

    @GetMapping("/api/v2/insights/daus")
    public ResponseEntity<byte[]> deploymentDaus(HttpServletRequest request) {
        QueryParams params = new QueryParams(request.getParameterMap());
        int offset = params.integer("tz_offset", 0);
        params.done();
        Caller caller = caller(request);
        if (!caller.mayReadDeployment() || !caller.siteInsights()) {
            throw CoderError.notFound();
        }
        return daus(request, offset, List.of());
    }

    @GetMapping("/api/v2/templates/{template}/daus")
    public ResponseEntity<byte[]> templateDaus(@PathVariable("template") String template, HttpServletRequest request) {
        UUID id;
        try {
            id = UUID.fromString(template);
        } catch (IllegalArgumentException e) {
            throw new CoderError(400, "Invalid UUID \"" + template + "\".", e.getMessage(), List.of());
        }
        QueryParams params = new QueryParams(request.getParameterMap());
        int offset = params.integer("tz_offset", 0);
        params.done();
        UUID org = queries.templateOrganization(id);
        if (org == null || !caller(request).mayView(id, org)) {
            throw CoderError.notFound();
        }
        return daus(request, offset, List.of(id));
    }

    /**
     * §5.3: the range ends at the next whole hour after now (in the offset) and starts 60 days before the UTC
     * midnight of that end (Go's Truncate(24h) is in UTC whatever the zone); one entry per day, dated by its
     * start in the offset.
     */
    private ResponseEntity<byte[]> daus(HttpServletRequest request, int offsetHours, List<UUID> templateIds) {
        if (offsetHours < -18 || offsetHours > 18) {
            throw CoderError.invalid("tz_offset", "Query param \"tz_offset\" must be between -18 and 18 hours");
        }
        ZoneOffset zone = ZoneOffset.ofHours(offsetHours);
        Instant end = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant start = end.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(60));
        return cache.answer(request, "daus " + start + " " + end + " " + zone + " " + templateIds, () -> {
            List<DAUEntry> entries = queries.intervals(start.atOffset(zone), end.atOffset(zone), 1, templateIds).stream()
                    .map(i -> new DAUEntry(i.start().toLocalDate().toString(), i.activeUsers())).toList();
            return new DAUsResponse(entries, offsetHours);
        });
    }

    /** A validated start_time, end_time and template_ids (SEMANTICS.md §5.2). */
    record Range(OffsetDateTime start, OffsetDateTime end, List<UUID> templateIds) {
    }

    private Range range(HttpServletRequest request, QueryParams params) {
        OffsetDateTime start = params.requiredTime("start_time");
        OffsetDateTime end = params.requiredTime("end_time");
        List<UUID> templateIds = params.uuids("template_ids");
        params.done();
        Instant limit = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        for (var t : List.of(new Object[] {"start_time", start}, new Object[] {"end_time", end})) {
            if (((OffsetDateTime) t[1]).toInstant().isAfter(limit)) {
                throw CoderError.invalid((String) t[0], "Query param \"" + t[0] + "\" must not be in the future");
            }
        }
        if (!start.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            throw CoderError.invalid("start_time", "Query param \"start_time\" must have the clock set to 00:00:00");
        }
        boolean today = end.toLocalDate().equals(clock.instant().atOffset(end.getOffset()).toLocalDate());
        if (today) {
            if (end.getMinute() != 0 || end.getSecond() != 0 || end.getNano() != 0) {
                throw CoderError.invalid("end_time", "Query param \"end_time\" must have the clock set to an hour (HH:00:00) today");
            }
        } else if (!end.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            throw CoderError.invalid("end_time", "Query param \"end_time\" must have the clock set to 00:00:00");
        }
        if (end.isBefore(start)) {
            throw CoderError.invalid("end_time", "Query param \"end_time\" must be after \"start_time\"");
        }
        return new Range(start, end, templateIds);
    }

    /**
     * §5.5: view_insights on every template (site roles) passes; otherwise every listed template must be viewable,
     * and a report over all templates is refused. Refusals are 404s, as coderd's.
     */
    private void authorize(HttpServletRequest request, List<UUID> templateIds) {
        Caller caller = caller(request);
        if (caller.siteInsights()) {
            return;
        }
        if (templateIds.isEmpty()) {
            throw CoderError.notFound();
        }
        for (UUID id : templateIds) {
            UUID org = queries.templateOrganization(id);
            if (org == null || !caller.mayView(id, org)) {
                throw CoderError.notFound();
            }
        }
    }

    static Caller caller(HttpServletRequest request) {
        return (Caller) request.getAttribute(SessionAuthenticator.CALLER);
    }

    private <T> CompletableFuture<T> async(Supplier<T> query) {
        return CompletableFuture.supplyAsync(query, parallel);
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
