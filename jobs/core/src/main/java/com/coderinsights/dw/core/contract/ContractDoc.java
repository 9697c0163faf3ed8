package com.coderinsights.dw.core.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Renders the raw log contract as Markdown ({@code docs/raw-contract.md}).
 * Run {@code scripts/contract-doc} after changing {@link RawContract}; a test fails while the file is stale.
 */
public final class ContractDoc {

    private ContractDoc() {
    }

    public static String render() {
        StringBuilder b = new StringBuilder();
        b.append("# The raw log contract\n\n")
                .append("<!-- Generated from RawContract.java by scripts/contract-doc; do not edit by hand. -->\n\n")
                .append("One stream per Coder table. Field names and types are Coder's columns (PostgreSQL types),\n")
                .append("so `COPY (SELECT row_to_json(t) FROM <table> t ...)` from Coder's database, or a log shipper,\n")
                .append("produces valid input.\n\n")
                .append("## Files\n\n")
                .append("- Layout: `<landing>/<stream>/dt=YYYY-MM-DD/hour=HH/<name>.ndjson`, `.ndjson.gz` or `.parquet`.\n")
                .append("  `dt`/`hour` is when the file **arrived** (UTC), not when its events happened.\n")
                .append("- NDJSON: one JSON object per line, UTF-8. UUIDs are strings; timestamps are RFC 3339 strings\n")
                .append("  with an offset (`2026-11-02T09:30:00.123456Z` or `+00:00`; a space for `T` is accepted);\n")
                .append("  `jsonb` columns are JSON values; `text[]` columns are JSON arrays of strings.\n")
                .append("- Parquet: the same column names; each row is checked like a line (row N is line N); `jsonb`\n")
                .append("  columns may also be strings holding JSON of the right kind.\n")
                .append("- A field that is absent and a field that is `null` mean the same. *Required* fields must be\n")
                .append("  present and not null. Fields the contract does not know are kept (bronze `_extra`, a JSON object).\n")
                .append("- A landing file is ingested once: a file whose bytes equal an already ingested file (a\n")
                .append("  re-delivery) is recorded in the manifest and skipped.\n")
                .append("- A line that breaks the contract goes to `bronze.rejected` with one of these reason codes:\n");
        for (RejectCode c : RejectCode.values()) {
            b.append("  `").append(c.code()).append("`");
            b.append(c.ordinal() < RejectCode.values().length - 1 ? ",\n" : ".\n");
        }
        b.append("\n## Streams\n\n| stream | kind | natural key | which copy wins | event time |\n|---|---|---|---|---|\n");
        for (StreamSpec s : RawContract.streams()) {
            b.append("| `").append(s.name()).append("` | ").append(s.kind().name().toLowerCase())
                    .append(" | ").append(s.naturalKey().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", ")))
                    .append(" | ").append(s.versionField() != null ? "largest `" + s.versionField() + "`"
                            : s.kind() == StreamSpec.Kind.FACT ? "first ingested" : "latest arrival")
                    .append(" | ").append(s.eventTimeField() == null ? "-" : "`" + s.eventTimeField() + "`")
                    .append(" |\n");
        }
        for (StreamSpec s : RawContract.streams()) {
            b.append("\n### `").append(s.name()).append("`\n\n").append(s.description()).append("\n\n")
                    .append("| field | type | required |\n|---|---|---|\n");
            for (FieldSpec f : s.fields()) {
                b.append("| `").append(f.name()).append("` | ").append(f.type().postgresName())
                        .append(" | ").append(f.required() ? "yes" : "no").append(" |\n");
            }
            if (!s.rules().isEmpty()) {
                b.append("\nRules:\n");
                for (StreamSpec.RecordRule r : s.rules()) {
                    b.append("- ").append(r.description()).append("\n");
                }
            }
        }
        return b.toString();
    }

    /** Writes the document to the path given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ContractDoc <output.md>");
            System.exit(2);
        }
        Files.writeString(Path.of(args[0]), render());
    }
}
