-- analytics.daily_active_users
-- What:     active users of the whole deployment per UTC day, as Coder's /api/v2/insights/daus counts them
--           (SEMANTICS.md §12 rule 8: a user with at least one half hour of usage that starts that day).
-- Grain:    one row per UTC day with any usage (days without usage are absent: the DAU example fills them).
-- Upstream: gold.template_usage_stats.
-- Example:  SELECT day, active_users FROM analytics.daily_active_users
--           WHERE day >= DATE '2026-01-01' ORDER BY day;
CREATE OR REPLACE VIEW analytics.daily_active_users
COMMENT 'Active users of the deployment per UTC day'
SECURITY DEFINER AS
SELECT
    CAST(start_time AT TIME ZONE 'UTC' AS date) AS day,
    count(DISTINCT user_id) AS active_users,
    array_sort(array_agg(DISTINCT template_id)) AS template_ids
FROM gold.template_usage_stats
GROUP BY CAST(start_time AT TIME ZONE 'UTC' AS date);
COMMENT ON COLUMN analytics.daily_active_users.day IS 'UTC day';
COMMENT ON COLUMN analytics.daily_active_users.active_users IS 'Distinct users with usage in a half hour starting that day';
COMMENT ON COLUMN analytics.daily_active_users.template_ids IS 'Templates with usage that day, sorted';
