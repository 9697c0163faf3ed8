-- GET /api/v2/insights/user-latency: report.users (SEMANTICS.md §4.6, §12 rule 10).
-- p50 and p95 are PostgreSQL's percentile_cont (linear interpolation) over the user's half-hour medians in the
-- range, computed exactly (Trino's approx_percentile would differ); -1 when the user has usage but no sample.
WITH params AS (
    SELECT
        TIMESTAMP '2026-11-02 00:00:00 +00:00' AS start_time,
        TIMESTAMP '2026-11-04 00:00:00 +00:00' AS end_time,
        CAST(ARRAY[] AS array(varchar)) AS template_ids
), usage AS (
    SELECT u.*
    FROM analytics.template_usage u, params p
    WHERE u.start_time >= p.start_time AND u.end_time <= p.end_time
      AND (cardinality(p.template_ids) = 0 OR contains(p.template_ids, u.template_id))
), samples AS (
    SELECT user_id, max(username) AS username, max(avatar_url) AS avatar_url,
           array_sort(array_agg(DISTINCT template_id)) AS template_ids,
           array_sort(coalesce(array_agg(CAST(median_latency_ms AS double)) FILTER (WHERE median_latency_ms IS NOT NULL),
                               CAST(ARRAY[] AS array(double)))) AS v
    FROM usage
    GROUP BY user_id
), positions AS (
    SELECT s.*, cardinality(v) AS n, 0.5e0 * (cardinality(v) - 1) AS pos50, 0.95e0 * (cardinality(v) - 1) AS pos95
    FROM samples s
)
SELECT
    user_id, username, coalesce(avatar_url, '') AS avatar_url, template_ids,
    CASE WHEN n = 0 THEN -1e0 ELSE
        element_at(v, CAST(floor(pos50) AS bigint) + 1)
        + (pos50 - floor(pos50)) * (element_at(v, CAST(ceiling(pos50) AS bigint) + 1) - element_at(v, CAST(floor(pos50) AS bigint) + 1))
    END AS p50_latency_ms,
    CASE WHEN n = 0 THEN -1e0 ELSE
        element_at(v, CAST(floor(pos95) AS bigint) + 1)
        + (pos95 - floor(pos95)) * (element_at(v, CAST(ceiling(pos95) AS bigint) + 1) - element_at(v, CAST(floor(pos95) AS bigint) + 1))
    END AS p95_latency_ms
FROM positions
ORDER BY user_id
