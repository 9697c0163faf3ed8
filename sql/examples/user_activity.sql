-- GET /api/v2/insights/user-activity: report.users (SEMANTICS.md §4.5, §12 rule 7).
-- seconds = 60 x the sum over half hours of min(the user's minutes over the selected templates, 30).
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
), per_bucket AS (
    SELECT start_time, user_id, least(sum(usage_minutes), 30) AS minutes
    FROM usage
    GROUP BY start_time, user_id
), users AS (
    SELECT user_id, max(username) AS username, max(avatar_url) AS avatar_url,
           array_sort(array_agg(DISTINCT template_id)) AS template_ids
    FROM usage
    GROUP BY user_id
)
SELECT u.user_id, u.username, coalesce(u.avatar_url, '') AS avatar_url, u.template_ids, sum(b.minutes) * 60 AS seconds
FROM users u
JOIN per_bucket b ON b.user_id = u.user_id
GROUP BY u.user_id, u.username, u.avatar_url, u.template_ids
ORDER BY u.user_id
