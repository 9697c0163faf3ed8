-- GET /api/private/metrics/activity?start=...&end=...&category=...&interval=N unit[&org=...] (Coder v1,
-- SEMANTICS.md Part A 6): per interval and user, count (active minutes; logins for category login) and duration
-- in nanoseconds (count x 60 s), with the interval's length in nanoseconds (as in the v1 documentation's example,
-- where a week's interval has duration 604800000000000). Intervals start at start_time and step by
-- interval_count x interval_unit (day, week, month or year); the last one ends at end_time. The data is hourly:
-- start and end at whole hours. organization_id NULL: the whole deployment.
WITH params AS (
    SELECT
        TIMESTAMP '2026-11-02 00:00:00 +00:00' AS start_time,
        TIMESTAMP '2026-11-09 00:00:00 +00:00' AS end_time,
        'any' AS category,
        1 AS interval_count,
        'week' AS interval_unit,
        CAST(NULL AS varchar) AS organization_id
), intervals AS (
    SELECT date_add(p.interval_unit, k * p.interval_count, p.start_time) AS from_,
           least(date_add(p.interval_unit, (k + 1) * p.interval_count, p.start_time), p.end_time) AS to_
    FROM params p
    CROSS JOIN UNNEST(sequence(0, date_diff(p.interval_unit, p.start_time, p.end_time) / p.interval_count + 1)) AS s (k)
    WHERE date_add(p.interval_unit, k * p.interval_count, p.start_time) < p.end_time
), activity AS (
    SELECT i.from_, a.user_id, sum(a.count) AS count
    FROM intervals i
    JOIN analytics.v1_activity_hourly a ON a.hour >= i.from_ AND a.hour < i.to_
    CROSS JOIN params p
    WHERE a.category = p.category
      AND (a.organization_id = p.organization_id OR (p.organization_id IS NULL AND a.organization_id IS NULL))
    GROUP BY i.from_, a.user_id
)
SELECT
    i.from_ AS time,
    date_diff('millisecond', i.from_, i.to_) * 1000000 AS interval_duration_ns,
    a.user_id,
    a.count,
    a.count * 60000000000 AS duration_ns
FROM intervals i
LEFT JOIN activity a ON a.from_ = i.from_
ORDER BY i.from_, a.user_id
