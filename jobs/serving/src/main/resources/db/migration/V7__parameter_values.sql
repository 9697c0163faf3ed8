-- Parameter usage: the latest build in the range per (template, workspace) is found from an index alone; its values
-- are read as (build, definition id, value), the definitions (name, type, display name, description, options: Coder
-- merges identical ones across versions and templates) numbered once, so the report groups narrow rows and names
-- them at the end. Derived in the serving store by the exporter (parameterUsageJob) from build_parameters.
CREATE INDEX workspace_builds_template ON serving.workspace_builds (template_id, created_at)
    INCLUDE (workspace_id, build_number, id);

CREATE TABLE serving.parameter_definitions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fingerprint  text   NOT NULL UNIQUE,   -- md5 of the five fields as a row's text
    name         text   NOT NULL,
    type         text   NOT NULL,
    display_name text   NOT NULL,
    description  text   NOT NULL,
    options      text   NOT NULL
);

CREATE TABLE serving.build_parameter_values (
    build_id      uuid   NOT NULL,
    definition_id bigint NOT NULL REFERENCES serving.parameter_definitions (id),
    value         text   NOT NULL,
    PRIMARY KEY (build_id, definition_id)
);

CREATE TRIGGER raise_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON serving.parameter_definitions
    FOR EACH STATEMENT EXECUTE FUNCTION serving.raise_data_version();
CREATE TRIGGER raise_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON serving.build_parameter_values
    FOR EACH STATEMENT EXECUTE FUNCTION serving.raise_data_version();
GRANT SELECT ON serving.parameter_definitions, serving.build_parameter_values TO ${api_role};
