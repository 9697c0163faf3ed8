-- GET /api/v2/insights/templates?interval=day|week: interval_reports (SEMANTICS.md §4.2, §12 rule 8).
-- Intervals start at start_time and step by exactly interval_days days in the request's offset; the last one
-- ends at end_time (it may be shorter); a half hour counts in an interval when it starts inside it and ends by
-- its end. Intervals without usage are reported with 0 active users.
WITH params AS (
    SELECT
        TIMESTAMP '2026-11-02 00:00:00 +00:00' AS start_time,
        TIMESTAMP '2026-11-04 00:00:00 +00:00' AS end_time,
        CAST(ARRAY[] AS array(varchar)) AS template_ids,
        1 AS interval_days
), steps AS (
    -- the number of intervals: ceil((end - start) / interval), none when start = end
    SELECT p.*, CAST(ceiling(date_diff('millisecond', p.start_time, p.end_time) / (p.interval_days * 86400000e0)) AS bigint) AS n
    FROM params p
), intervals AS (
    SELECT s.start_time + k * s.interval_days * INTERVAL '1' DAY AS from_,
           least(s.start_time + (k + 1) * s.interval_days * INTERVAL '1' DAY, s.end_time) AS to_
    FROM steps s
    CROSS JOIN UNNEST(filter(sequence(0, greatest(s.n - 1, 0)), k -> k < s.n)) AS i (k)
), usage AS (
    SELECT u.*
    FROM analytics.template_usage u, params p
    WHERE cardinality(p.template_ids) = 0 OR contains(p.template_ids, u.template_id)
)
SELECT
    i.from_ AS start_time,
    i.to_ AS end_time,
    coalesce(array_sort(array_agg(DISTINCT u.template_id) FILTER (WHERE u.template_id IS NOT NULL)),
             CAST(ARRAY[] AS array(varchar))) AS template_ids,
    count(DISTINCT u.user_id) AS active_users
FROM intervals i
LEFT JOIN usage u ON u.start_time >= i.from_ AND u.start_time < i.to_ AND u.end_time <= i.to_
GROUP BY i.from_, i.to_
ORDER BY i.from_
