package com.coderinsights.dw.serving.api;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON bodies of the report API, field for field as Coder's {@code codersdk} types (property names are
 * snake_case through the application's naming strategy; times are RFC 3339 strings in the request's offset).
 */
public final class Reports {

    private Reports() {
    }

    // GET /api/v2/insights/templates
    public record TemplateInsightsResponse(@JsonInclude(JsonInclude.Include.NON_NULL) TemplateInsightsReport report,
                                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TemplateInsightsIntervalReport> intervalReports) {
    }

    public record TemplateInsightsReport(String startTime, String endTime, List<UUID> templateIds, long activeUsers,
                                         List<TemplateAppUsage> appsUsage, List<TemplateParameterUsage> parametersUsage) {
    }

    public record TemplateInsightsIntervalReport(String startTime, String endTime, List<UUID> templateIds, String interval,
                                                 long activeUsers) {
    }

    public record TemplateAppUsage(List<UUID> templateIds, String type, String displayName, String slug, String icon,
                                   long seconds, long timesUsed) {
    }

    public record TemplateParameterUsage(List<UUID> templateIds, String displayName, String name, String type, String description,
                                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ParameterOption> options,
                                         List<ParameterValue> values) {
    }

    public record ParameterOption(String name, String description, String value, String icon) {
    }

    public record ParameterValue(String value, long count) {
    }

    // GET /api/v2/insights/user-activity
    public record UserActivityInsightsResponse(UserActivityInsightsReport report) {
    }

    public record UserActivityInsightsReport(String startTime, String endTime, List<UUID> templateIds, List<UserActivity> users) {
    }

    public record UserActivity(List<UUID> templateIds, UUID userId, String username, String avatarUrl, long seconds) {
    }

    // GET /api/v2/insights/user-latency
    public record UserLatencyInsightsResponse(UserLatencyInsightsReport report) {
    }

    public record UserLatencyInsightsReport(String startTime, String endTime, List<UUID> templateIds, List<UserLatency> users) {
    }

    public record UserLatency(List<UUID> templateIds, UUID userId, String username, String avatarUrl, ConnectionLatency latencyMs) {
    }

    public record ConnectionLatency(double p50, double p95) {
    }

    // GET /api/v2/insights/daus, /api/v2/templates/{template}/daus
    public record DAUsResponse(List<DAUEntry> entries, int tzHourOffset) {
    }

    public record DAUEntry(String date, long amount) {
    }

    // GET /api/private/metrics/activity (Coder v1)
    public record ActivityResponse(List<ActivityInterval> activity, Map<UUID, ActivityUser> users) {
    }

    public record ActivityInterval(String time, long duration, List<UserActivityCount> userActivity) {
    }

    public record UserActivityCount(UUID userId, long duration, long count) {
    }

    public record ActivityUser(UUID id, String name, String username, List<String> roles, String avatarHash, long totalCount,
                               long totalDuration) {
    }
}
