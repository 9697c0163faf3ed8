-- analytics.template_weekly_active_users
-- What:     active users per template and ISO week (Monday 00:00 UTC to the next Monday).
-- Grain:    one row per (week_start, template_id) with any usage.
-- Upstream: gold.template_usage_stats, silver.templates.
-- Notes:    Coder's weekly interval reports start at the report's start time instead of a Monday:
--           sql/examples/insights_templates_intervals.sql reproduces those.
-- Example:  SELECT week_start, template_name, active_users FROM analytics.template_weekly_active_users
--           WHERE week_start >= DATE '2026-01-05' ORDER BY week_start, template_name;
CREATE OR REPLACE VIEW analytics.template_weekly_active_users
COMMENT 'Active users per template and ISO week (UTC)'
SECURITY DEFINER AS
SELECT
    date_trunc('week', CAST(s.start_time AT TIME ZONE 'UTC' AS date)) AS week_start,
    s.template_id,
    max(t.name) AS template_name,
    max(t.organization_id) AS organization_id,
    count(DISTINCT s.user_id) AS active_users
FROM gold.template_usage_stats s
LEFT JOIN silver.templates t ON t.id = s.template_id
GROUP BY date_trunc('week', CAST(s.start_time AT TIME ZONE 'UTC' AS date)), s.template_id;
COMMENT ON COLUMN analytics.template_weekly_active_users.week_start IS 'Monday of the ISO week (UTC)';
COMMENT ON COLUMN analytics.template_weekly_active_users.template_id IS 'The template';
COMMENT ON COLUMN analytics.template_weekly_active_users.template_name IS 'Template name (latest known)';
COMMENT ON COLUMN analytics.template_weekly_active_users.organization_id IS 'Organization of the template';
COMMENT ON COLUMN analytics.template_weekly_active_users.active_users IS 'Distinct users with usage of the template during the week';
