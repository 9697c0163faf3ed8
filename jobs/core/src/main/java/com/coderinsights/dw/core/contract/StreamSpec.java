package com.coderinsights.dw.core.contract;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One raw stream: a Coder table exported as NDJSON (or Parquet) into the landing zone.
 *
 * @param name        the Coder table name, also the landing folder and the bronze table name
 * @param kind        facts (append-only events) or dimension snapshots
 * @param description one line for the contract document
 * @param fields      the columns, in Coder's order
 * @param naturalKey  the columns silver deduplicates on
 * @param versionField the column whose largest value wins among copies of one natural key
 *                    (null: the first ingested copy of a fact, the latest arrived copy of a dimension)
 * @param eventTimeField the column that places a record in time
 * @param rules       record-level rules beyond field types
 */
public record StreamSpec(
        String name,
        Kind kind,
        String description,
        List<FieldSpec> fields,
        List<String> naturalKey,
        String versionField,
        String eventTimeField,
        List<RecordRule> rules) {

    public enum Kind { FACT, DIMENSION }

    public StreamSpec {
        fields = List.copyOf(fields);
        naturalKey = List.copyOf(naturalKey);
        rules = List.copyOf(rules);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            if (seen.put(fields.get(i).name(), i) != null) {
                throw new IllegalArgumentException(name + ": duplicate field " + fields.get(i).name());
            }
        }
        for (String k : naturalKey) {
            if (!seen.containsKey(k)) {
                throw new IllegalArgumentException(name + ": natural key field " + k + " is not a field");
            }
        }
        if (versionField != null && !seen.containsKey(versionField)) {
            throw new IllegalArgumentException(name + ": version field " + versionField + " is not a field");
        }
        if (eventTimeField != null && !seen.containsKey(eventTimeField)) {
            throw new IllegalArgumentException(name + ": event time field " + eventTimeField + " is not a field");
        }
    }

    public int indexOf(String field) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(field)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<FieldSpec> field(String field) {
        int i = indexOf(field);
        return i < 0 ? Optional.empty() : Optional.of(fields.get(i));
    }

    /** Read access to a record's typed values by field name, for {@link RecordRule}s. */
    @FunctionalInterface
    public interface Values {
        Object get(String field);
    }

    /** The check of a {@link RecordRule}: null when the record is fine, else the reason. */
    @FunctionalInterface
    public interface Check extends java.io.Serializable {
        String violation(Values record);
    }

    /** A rule over a whole record, checked after every field has its type; {@code description} goes into the contract document. */
    public record RecordRule(String description, Check check) implements java.io.Serializable {
    }
}
