-- GET /api/v2/insights/templates: report.parameters_usage (SEMANTICS.md §4.4, §12 rule 12).
-- Per workspace (and template), its latest build created in [start_time, end_time); parameter definitions that
-- are identical in (name, type, display_name, description, options) merge across versions and templates;
-- count = the builds among those that used the value. Descriptions are as written (Coder's API converts the
-- markdown to plain text afterwards).
WITH params AS (
    SELECT
        TIMESTAMP '2026-11-02 00:00:00 +00:00' AS start_time,
        TIMESTAMP '2026-11-04 00:00:00 +00:00' AS end_time,
        CAST(ARRAY[] AS array(varchar)) AS template_ids
), builds AS (
    SELECT DISTINCT build_id, template_id, workspace_id, build_number, build_created_at
    FROM analytics.workspace_build_parameters
), latest AS (
    SELECT b.template_id, b.workspace_id, max(b.build_number) AS build_number
    FROM builds b, params p
    WHERE b.build_created_at >= p.start_time AND b.build_created_at < p.end_time
      AND (cardinality(p.template_ids) = 0 OR contains(p.template_ids, b.template_id))
    GROUP BY b.template_id, b.workspace_id
), chosen AS (
    SELECT bp.*
    FROM analytics.workspace_build_parameters bp
    JOIN latest l ON l.workspace_id = bp.workspace_id AND l.build_number = bp.build_number AND l.template_id = bp.template_id
), param_groups AS (
    -- a group's templates: every template whose chosen builds define the parameter so
    SELECT name, type, display_name, description, options, array_sort(array_agg(DISTINCT template_id)) AS template_ids
    FROM chosen
    GROUP BY name, type, display_name, description, options
)
SELECT
    g.template_ids,
    c.name, c.type, c.display_name, c.description, c.options, c.value,
    count(c.value) AS count
FROM chosen c
JOIN param_groups g ON g.name = c.name AND g.type = c.type AND g.display_name = c.display_name
                   AND g.description = c.description AND g.options = c.options
GROUP BY g.template_ids, c.name, c.type, c.display_name, c.description, c.options, c.value
ORDER BY c.name, c.type, c.display_name, c.description, c.options, c.value
