-- GET /api/v2/insights/templates: report.template_ids and report.active_users (SEMANTICS.md §4.1, §12 rule 8).
-- Active user: a user with at least one half hour of usage in the range in the selected templates.
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
)
SELECT
    coalesce(array_sort(array_agg(DISTINCT template_id)), CAST(ARRAY[] AS array(varchar))) AS template_ids,
    count(DISTINCT user_id) AS active_users
FROM usage
