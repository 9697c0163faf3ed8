-- analytics.organization_daily_active_users
-- What:     active users per organization and UTC day: users with usage of any template of the organization.
-- Grain:    one row per (day, organization_id) with any usage.
-- Upstream: gold.template_usage_stats, silver.templates, silver.organizations.
-- Example:  SELECT day, organization_name, active_users FROM analytics.organization_daily_active_users
--           WHERE day >= DATE '2026-01-01' ORDER BY day, organization_name;
CREATE OR REPLACE VIEW analytics.organization_daily_active_users
COMMENT 'Active users per organization and UTC day'
SECURITY DEFINER AS
SELECT
    CAST(s.start_time AT TIME ZONE 'UTC' AS date) AS day,
    t.organization_id,
    max(o.name) AS organization_name,
    count(DISTINCT s.user_id) AS active_users,
    array_sort(array_agg(DISTINCT s.template_id)) AS template_ids
FROM gold.template_usage_stats s
LEFT JOIN silver.templates t ON t.id = s.template_id
LEFT JOIN silver.organizations o ON o.id = t.organization_id
GROUP BY CAST(s.start_time AT TIME ZONE 'UTC' AS date), t.organization_id;
COMMENT ON COLUMN analytics.organization_daily_active_users.day IS 'UTC day';
COMMENT ON COLUMN analytics.organization_daily_active_users.organization_id IS 'Organization of the templates used';
COMMENT ON COLUMN analytics.organization_daily_active_users.organization_name IS 'Organization name (latest known)';
COMMENT ON COLUMN analytics.organization_daily_active_users.active_users IS 'Distinct users with usage of the organization''s templates that day';
COMMENT ON COLUMN analytics.organization_daily_active_users.template_ids IS 'Templates of the organization with usage that day, sorted';
