-- analytics.user_daily_latency
-- What:     each user's connection latency per UTC day: exact p50 and p95 (PostgreSQL percentile_cont, linear
--           interpolation) of the user's half-hour medians that day, as Coder's user latency report computes
--           them over its range (SEMANTICS.md §12 rule 10). Users with usage but no latency sample get -1.
-- Grain:    one row per (day, user_id) with usage.
-- Upstream: gold.template_usage_stats, silver.users.
-- Notes:    percentiles do not add up over days: for another range, compute them over the half hours of that
--           range (sql/examples/user_latency.sql). approx_percentile gives different numbers.
-- Example:  SELECT day, username, p50_latency_ms, p95_latency_ms FROM analytics.user_daily_latency
--           WHERE day = DATE '2026-01-05' ORDER BY p95_latency_ms DESC;
CREATE OR REPLACE VIEW analytics.user_daily_latency
COMMENT 'Exact p50/p95 connection latency per user and UTC day over the half-hour medians (-1: no samples)'
SECURITY DEFINER AS
WITH samples AS (
    SELECT
        CAST(s.start_time AT TIME ZONE 'UTC' AS date) AS day,
        s.user_id,
        array_sort(array_agg(DISTINCT s.template_id)) AS template_ids,
        array_sort(coalesce(array_agg(CAST(s.median_latency_ms AS double)) FILTER (WHERE s.median_latency_ms IS NOT NULL),
                            CAST(ARRAY[] AS array(double)))) AS v
    FROM gold.template_usage_stats s
    GROUP BY CAST(s.start_time AT TIME ZONE 'UTC' AS date), s.user_id
), positions AS (
    SELECT day, user_id, template_ids, v, cardinality(v) AS n,
           0.5e0 * (cardinality(v) - 1) AS pos50, 0.95e0 * (cardinality(v) - 1) AS pos95
    FROM samples
)
SELECT
    p.day,
    p.user_id,
    u.username,
    p.template_ids,
    p.n AS latency_samples,
    CASE WHEN p.n = 0 THEN -1e0 ELSE
        element_at(p.v, CAST(floor(p.pos50) AS bigint) + 1)
        + (p.pos50 - floor(p.pos50)) * (element_at(p.v, CAST(ceiling(p.pos50) AS bigint) + 1) - element_at(p.v, CAST(floor(p.pos50) AS bigint) + 1))
    END AS p50_latency_ms,
    CASE WHEN p.n = 0 THEN -1e0 ELSE
        element_at(p.v, CAST(floor(p.pos95) AS bigint) + 1)
        + (p.pos95 - floor(p.pos95)) * (element_at(p.v, CAST(ceiling(p.pos95) AS bigint) + 1) - element_at(p.v, CAST(floor(p.pos95) AS bigint) + 1))
    END AS p95_latency_ms
FROM positions p
LEFT JOIN silver.users u ON u.id = p.user_id;
COMMENT ON COLUMN analytics.user_daily_latency.day IS 'UTC day';
COMMENT ON COLUMN analytics.user_daily_latency.user_id IS 'The user (workspace owner: latency comes from agent stats)';
COMMENT ON COLUMN analytics.user_daily_latency.username IS 'Username (latest known)';
COMMENT ON COLUMN analytics.user_daily_latency.template_ids IS 'Templates with usage by the user that day, sorted';
COMMENT ON COLUMN analytics.user_daily_latency.latency_samples IS 'Half-hour rows with a median latency (the values the percentiles are over)';
COMMENT ON COLUMN analytics.user_daily_latency.p50_latency_ms IS 'percentile_cont(0.5) of the half-hour medians in ms; -1 when none';
COMMENT ON COLUMN analytics.user_daily_latency.p95_latency_ms IS 'percentile_cont(0.95) of the half-hour medians in ms; -1 when none';
