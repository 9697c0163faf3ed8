-- GET /api/v2/insights/daus (template_ids empty) and GET /api/v2/templates/{id}/daus (one template id):
-- entries (SEMANTICS.md §5.3, §12 rule 16). The range ends at the next whole hour after `now` and starts at
-- the UTC midnight of that end minus 60 days (Coder truncates in UTC whatever the offset); intervals are
-- 1 day, the last one partial; each entry's date is its start in the requested offset.
WITH params AS (
    SELECT
        TIMESTAMP '2026-11-04 10:17:00 +00:00' AS now,
        0 AS tz_offset_hours,
        CAST(ARRAY[] AS array(varchar)) AS template_ids
), range AS (
    SELECT
        format('%+03d:00', p.tz_offset_hours) AS zone,
        date_trunc('hour', p.now) + INTERVAL '1' HOUR AS end_time,
        p.template_ids
    FROM params p
), bounds AS (
    SELECT zone, template_ids, end_time,
           with_timezone(date_trunc('day', CAST(end_time AT TIME ZONE 'UTC' AS timestamp)), 'UTC') - INTERVAL '60' DAY AS start_time
    FROM range
), intervals AS (
    SELECT b.zone, b.template_ids, b.start_time + k * INTERVAL '1' DAY AS from_,
           least(b.start_time + (k + 1) * INTERVAL '1' DAY, b.end_time) AS to_
    FROM bounds b
    CROSS JOIN UNNEST(sequence(0, CAST(ceiling(date_diff('millisecond', b.start_time, b.end_time) / 86400000e0) AS bigint) - 1)) AS i (k)
)
SELECT
    format_datetime(at_timezone(i.from_, i.zone), 'yyyy-MM-dd') AS date,
    count(DISTINCT u.user_id) AS amount
FROM intervals i
LEFT JOIN analytics.template_usage u
       ON u.start_time >= i.from_ AND u.start_time < i.to_ AND u.end_time <= i.to_
      AND (cardinality(i.template_ids) = 0 OR contains(i.template_ids, u.template_id))
GROUP BY i.from_, i.zone
ORDER BY i.from_
