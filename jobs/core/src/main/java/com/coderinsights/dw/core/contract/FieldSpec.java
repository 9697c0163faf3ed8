package com.coderinsights.dw.core.contract;

/**
 * One field of a raw stream: Coder's column name and type, and whether a record without it
 * (absent or null) breaks the contract.
 */
public record FieldSpec(String name, FieldType type, boolean required) {

    public static FieldSpec req(String name, FieldType type) {
        return new FieldSpec(name, type, true);
    }

    public static FieldSpec opt(String name, FieldType type) {
        return new FieldSpec(name, type, false);
    }
}
