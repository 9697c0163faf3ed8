-- analytics.template_daily_active_users
-- What:     active users per template and UTC day (SEMANTICS.md §12 rule 8).
-- Grain:    one row per (day, template_id) with any usage.
-- Upstream: gold.template_usage_stats, silver.templates.
-- Notes:    active users do not add up across templates (one user can use two): use
--           analytics.daily_active_users or analytics.organization_daily_active_users for totals.
-- Example:  SELECT day, template_name, active_users FROM analytics.template_daily_active_users
--           WHERE day BETWEEN DATE '2026-01-01' AND DATE '2026-01-31' ORDER BY day, template_name;
CREATE OR REPLACE VIEW analytics.template_daily_active_users
COMMENT 'Active users per template and UTC day'
SECURITY DEFINER AS
SELECT
    CAST(s.start_time AT TIME ZONE 'UTC' AS date) AS day,
    s.template_id,
    max(t.name) AS template_name,
    max(t.organization_id) AS organization_id,
    count(DISTINCT s.user_id) AS active_users
FROM gold.template_usage_stats s
LEFT JOIN silver.templates t ON t.id = s.template_id
GROUP BY CAST(s.start_time AT TIME ZONE 'UTC' AS date), s.template_id;
COMMENT ON COLUMN analytics.template_daily_active_users.day IS 'UTC day';
COMMENT ON COLUMN analytics.template_daily_active_users.template_id IS 'The template';
COMMENT ON COLUMN analytics.template_daily_active_users.template_name IS 'Template name (latest known)';
COMMENT ON COLUMN analytics.template_daily_active_users.organization_id IS 'Organization of the template';
COMMENT ON COLUMN analytics.template_daily_active_users.active_users IS 'Distinct users with usage of the template in a half hour starting that day';
