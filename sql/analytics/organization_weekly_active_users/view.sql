-- analytics.organization_weekly_active_users
-- What:     active users per organization and ISO week (Monday 00:00 UTC to the next Monday).
-- Grain:    one row per (week_start, organization_id) with any usage.
-- Upstream: gold.template_usage_stats, silver.templates, silver.organizations.
-- Example:  SELECT week_start, organization_name, active_users FROM analytics.organization_weekly_active_users
--           ORDER BY week_start DESC, organization_name LIMIT 20;
CREATE OR REPLACE VIEW analytics.organization_weekly_active_users
COMMENT 'Active users per organization and ISO week (UTC)'
SECURITY DEFINER AS
SELECT
    date_trunc('week', CAST(s.start_time AT TIME ZONE 'UTC' AS date)) AS week_start,
    t.organization_id,
    max(o.name) AS organization_name,
    count(DISTINCT s.user_id) AS active_users,
    array_sort(array_agg(DISTINCT s.template_id)) AS template_ids
FROM gold.template_usage_stats s
LEFT JOIN silver.templates t ON t.id = s.template_id
LEFT JOIN silver.organizations o ON o.id = t.organization_id
GROUP BY date_trunc('week', CAST(s.start_time AT TIME ZONE 'UTC' AS date)), t.organization_id;
COMMENT ON COLUMN analytics.organization_weekly_active_users.week_start IS 'Monday of the ISO week (UTC)';
COMMENT ON COLUMN analytics.organization_weekly_active_users.organization_id IS 'Organization of the templates used';
COMMENT ON COLUMN analytics.organization_weekly_active_users.organization_name IS 'Organization name (latest known)';
COMMENT ON COLUMN analytics.organization_weekly_active_users.active_users IS 'Distinct users with usage of the organization''s templates during the week';
COMMENT ON COLUMN analytics.organization_weekly_active_users.template_ids IS 'Templates of the organization with usage during the week, sorted';
