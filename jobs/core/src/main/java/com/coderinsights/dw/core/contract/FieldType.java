package com.coderinsights.dw.core.contract;

/**
 * The PostgreSQL column types that appear in Coder's tables, as they arrive in NDJSON
 * (what {@code row_to_json} produces): the JSON form each accepts and the Spark SQL type
 * bronze stores it as.
 */
public enum FieldType {
    /** uuid: a 36-character string; stored lower-cased. */
    UUID("uuid", "string"),
    TEXT("text", "string"),
    /** inet: an IP address as a string. */
    INET("inet", "string"),
    /** timestamptz: RFC 3339 string with an offset ({@code Z} or {@code +hh:mm}); microsecond precision. */
    TIMESTAMPTZ("timestamptz", "timestamp"),
    /** timestamp without time zone: RFC 3339 with or without offset; without one it is read as UTC. */
    TIMESTAMP("timestamp", "timestamp"),
    /** bigint: a JSON integer within 64 bits. */
    BIGINT("bigint", "bigint"),
    /** integer: a JSON integer within 32 bits. */
    INTEGER("integer", "int"),
    /** double precision: any JSON number. */
    DOUBLE("double precision", "double"),
    BOOLEAN("boolean", "boolean"),
    /** jsonb holding an object; stored as its JSON text. */
    JSONB_OBJECT("jsonb (object)", "string"),
    /** jsonb holding an array; stored as its JSON text. */
    JSONB_ARRAY("jsonb (array)", "string"),
    /** jsonb holding an object whose values are non-negative integers (name to count); stored as its JSON text. */
    JSONB_COUNTS("jsonb (object of name to count)", "string"),
    /** text[]: a JSON array of strings. */
    TEXT_ARRAY("text[]", "array<string>");

    private final String postgresName;
    private final String sparkType;

    FieldType(String postgresName, String sparkType) {
        this.postgresName = postgresName;
        this.sparkType = sparkType;
    }

    /** The column type as Coder's schema spells it. */
    public String postgresName() {
        return postgresName;
    }

    /** The Spark SQL DDL type bronze uses for the column. */
    public String sparkType() {
        return sparkType;
    }
}
