-- analytics.workspace_build_parameters
-- What:     the parameter values of every workspace build, with the parameter's definition from the build's
--           template version: the input of Coder's parameter usage report (SEMANTICS.md §4.4, §12 rule 12).
-- Grain:    one row per (build_id, parameter name) that has a value.
-- Upstream: silver.workspace_builds, silver.template_versions, silver.template_version_parameters,
--           silver.workspace_build_parameters.
-- Notes:    Coder counts, per workspace, only its latest build created in the range:
--           sql/examples/insights_templates_report.sql (parameters part) does that.
-- Example:  values chosen for the "region" parameter in builds of January 2026
--           SELECT value, count(*) FROM analytics.workspace_build_parameters
--           WHERE name = 'region' AND build_created_at >= TIMESTAMP '2026-01-01 00:00 UTC'
--             AND build_created_at < TIMESTAMP '2026-02-01 00:00 UTC' GROUP BY value;
CREATE OR REPLACE VIEW analytics.workspace_build_parameters
COMMENT 'Parameter values of workspace builds with their definitions'
SECURITY DEFINER AS
SELECT
    b.id AS build_id,
    b.workspace_id,
    v.template_id,
    b.template_version_id,
    b.build_number,
    b.transition,
    b.created_at AS build_created_at,
    p.name,
    p.type,
    coalesce(p.display_name, '') AS display_name,
    coalesce(p.description, '') AS description,
    coalesce(p.options, '[]') AS options,
    bp.value
FROM silver.workspace_builds b
JOIN silver.template_versions v ON v.id = b.template_version_id
JOIN silver.template_version_parameters p ON p.template_version_id = b.template_version_id
JOIN silver.workspace_build_parameters bp ON bp.workspace_build_id = b.id AND bp.name = p.name;
COMMENT ON COLUMN analytics.workspace_build_parameters.build_id IS 'The workspace build';
COMMENT ON COLUMN analytics.workspace_build_parameters.workspace_id IS 'The workspace (deleted ones included)';
COMMENT ON COLUMN analytics.workspace_build_parameters.template_id IS 'Template of the build''s template version';
COMMENT ON COLUMN analytics.workspace_build_parameters.template_version_id IS 'Template version of the build';
COMMENT ON COLUMN analytics.workspace_build_parameters.build_number IS 'Build number within the workspace';
COMMENT ON COLUMN analytics.workspace_build_parameters.transition IS 'start, stop or delete';
COMMENT ON COLUMN analytics.workspace_build_parameters.build_created_at IS 'When the build was created';
COMMENT ON COLUMN analytics.workspace_build_parameters.name IS 'Parameter name';
COMMENT ON COLUMN analytics.workspace_build_parameters.type IS 'Parameter type: string, number, bool or list(string)';
COMMENT ON COLUMN analytics.workspace_build_parameters.display_name IS 'Parameter display name ('''' when none)';
COMMENT ON COLUMN analytics.workspace_build_parameters.description IS 'Parameter description as written (markdown)';
COMMENT ON COLUMN analytics.workspace_build_parameters.options IS 'Parameter options as JSON text ([] when none)';
COMMENT ON COLUMN analytics.workspace_build_parameters.value IS 'The value the build used';
