package com.coderinsights.dw.core.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one NDJSON line of a stream against the raw contract, with Jackson's streaming parser
 * (one pass, no tree). Unknown fields are kept, as a JSON object, not rejected.
 * Not thread-safe: use one instance per thread (per Spark partition).
 */
public final class RecordParser {

    /**
     * The parser's own factory, whose buffers are recycled through a pool of the instance's rather
     * than a thread-local: a Spark task thread holds many thread-locals, and finding Jackson's among
     * them cost 2% of bronze's CPU (a look-up per parser and generator made, several per line).
     */
    private final JsonFactory json = JsonFactory.builder().recyclerPool(JsonRecyclerPools.newBoundedPool(4)).build();

    private final StreamSpec spec;
    private final boolean jsonbAsText;
    private final Map<String, Integer> index = new HashMap<>();

    public RecordParser(StreamSpec spec) {
        this(spec, false);
    }

    /**
     * @param jsonbAsText also accept a jsonb column given as a string holding JSON of the right kind
     *                    (Parquet files store jsonb as text; NDJSON from {@code row_to_json} never does)
     */
    public RecordParser(StreamSpec spec, boolean jsonbAsText) {
        this.spec = spec;
        this.jsonbAsText = jsonbAsText;
        for (int i = 0; i < spec.fields().size(); i++) {
            index.put(spec.fields().get(i).name(), i);
        }
    }

    public StreamSpec spec() {
        return spec;
    }

    public ParseResult parse(String line) {
        if (line == null || line.isBlank()) {
            return ParseResult.rejected(RejectCode.BLANK_LINE, "blank line");
        }
        List<FieldSpec> fields = spec.fields();
        Object[] values = new Object[fields.size()];
        StringWriter extra = null;
        JsonGenerator extraGen = null;
        String typeError = null;
        RejectCode typeErrorCode = null;
        try (JsonParser p = json.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return ParseResult.rejected(RejectCode.NOT_AN_OBJECT, "not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken tok = p.nextToken();
                Integer i = index.get(name);
                if (i == null) {
                    if (extraGen == null) {
                        extra = new StringWriter();
                        extraGen = json.createGenerator(extra);
                        extraGen.writeStartObject();
                    }
                    extraGen.writeFieldName(new SerializedString(name));
                    extraGen.copyCurrentStructure(p);
                    continue;
                }
                FieldSpec f = fields.get(i);
                if (tok == JsonToken.VALUE_NULL) {
                    values[i] = null;
                    continue;
                }
                Object v = jsonbAsText && tok == JsonToken.VALUE_STRING && isJsonb(f.type())
                        ? readJsonbText(p.getText(), f.type())
                        : readValue(p, tok, f.type());
                if (v instanceof Problem problem) {
                    if (typeError == null) {
                        typeError = problem.describe(f);
                        typeErrorCode = problem.code;
                    }
                    p.skipChildren();
                } else {
                    values[i] = v;
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                return ParseResult.rejected(RejectCode.INVALID_JSON, "invalid JSON: unexpected " + p.currentToken());
            }
            if (p.nextToken() != null) {
                return ParseResult.rejected(RejectCode.INVALID_JSON, "invalid JSON: content after the object");
            }
            if (extraGen != null) {
                extraGen.writeEndObject();
                extraGen.close();
            }
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            return ParseResult.rejected(RejectCode.INVALID_JSON, "invalid JSON: " + (nl < 0 ? msg : msg.substring(0, nl)));
        } catch (IOException e) {
            return ParseResult.rejected(RejectCode.INVALID_JSON, "invalid JSON: " + e.getMessage());
        }
        if (typeError != null) {
            return ParseResult.rejected(typeErrorCode, typeError);
        }
        List<String> missing = null;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null && fields.get(i).required()) {
                if (missing == null) {
                    missing = new ArrayList<>(2);
                }
                missing.add(fields.get(i).name());
            }
        }
        if (missing != null) {
            return ParseResult.rejected(RejectCode.MISSING_REQUIRED_FIELD,
                    "missing required field" + (missing.size() > 1 ? "s" : "") + ": " + String.join(", ", missing));
        }
        for (StreamSpec.RecordRule rule : spec.rules()) {
            String violation = rule.check().violation(name -> values[index.get(name)]);
            if (violation != null) {
                return ParseResult.rejected(RejectCode.INVALID_VALUE, violation);
            }
        }
        return ParseResult.ok(values, extra == null ? null : extra.toString());
    }

    private static boolean isJsonb(FieldType t) {
        return t == FieldType.JSONB_OBJECT || t == FieldType.JSONB_ARRAY || t == FieldType.JSONB_COUNTS;
    }

    private Object readJsonbText(String text, FieldType type) throws IOException {
        try (JsonParser inner = json.createParser(text)) {
            JsonToken t = inner.nextToken();
            if (t == null) {
                return new Problem(RejectCode.INVALID_VALUE, "is an empty string, not JSON");
            }
            Object v = readValue(inner, t, type);
            if (!(v instanceof Problem) && inner.nextToken() != null) {
                return new Problem(RejectCode.INVALID_VALUE, "holds text after its JSON value");
            }
            return v;
        } catch (JsonProcessingException e) {
            return new Problem(RejectCode.INVALID_VALUE, "is a string that is not valid JSON");
        }
    }

    /** A field-level problem, reported once the whole line has parsed (so broken JSON wins over a wrong type). */
    private record Problem(RejectCode code, String got) {
        String describe(FieldSpec f) {
            return code == RejectCode.WRONG_TYPE
                    ? "wrong type: field " + f.name() + " expects " + f.type().postgresName() + ", got " + got
                    : "invalid value: field " + f.name() + " (" + f.type().postgresName() + ") " + got;
        }
    }

    private static Problem wrongType(JsonToken tok) {
        return new Problem(RejectCode.WRONG_TYPE, kind(tok));
    }

    private static String kind(JsonToken tok) {
        return switch (tok) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> tok.toString().toLowerCase(Locale.ROOT);
        };
    }

    private Object readValue(JsonParser p, JsonToken tok, FieldType type) throws IOException {
        switch (type) {
            case UUID: {
                if (tok != JsonToken.VALUE_STRING) {
                    return wrongType(tok);
                }
                String s = p.getText();
                String uuid = canonicalUuid(s);
                return uuid != null ? uuid : new Problem(RejectCode.INVALID_VALUE, "is not a UUID: '" + clip(s) + "'");
            }
            case TEXT:
            case INET:
                return tok == JsonToken.VALUE_STRING ? p.getText() : wrongType(tok);
            case TIMESTAMPTZ:
            case TIMESTAMP: {
                if (tok != JsonToken.VALUE_STRING) {
                    return wrongType(tok);
                }
                String s = p.getText();
                Object t = Rfc3339.parse(s, type == FieldType.TIMESTAMPTZ);
                return t != null ? t : new Problem(RejectCode.INVALID_VALUE,
                        "is not an RFC 3339 timestamp" + (type == FieldType.TIMESTAMPTZ ? " with offset" : "") + ": '" + clip(s) + "'");
            }
            case BIGINT:
                if (tok != JsonToken.VALUE_NUMBER_INT) {
                    return wrongType(tok);
                }
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return new Problem(RejectCode.INVALID_VALUE, "is out of range: " + clip(p.getText()));
                }
                return p.getLongValue();
            case INTEGER:
                if (tok != JsonToken.VALUE_NUMBER_INT) {
                    return wrongType(tok);
                }
                if (p.getNumberType() != JsonParser.NumberType.INT) {
                    return new Problem(RejectCode.INVALID_VALUE, "is out of range: " + clip(p.getText()));
                }
                return p.getIntValue();
            case DOUBLE:
                return tok == JsonToken.VALUE_NUMBER_INT || tok == JsonToken.VALUE_NUMBER_FLOAT ? p.getDoubleValue() : wrongType(tok);
            case BOOLEAN:
                return tok == JsonToken.VALUE_TRUE ? Boolean.TRUE : tok == JsonToken.VALUE_FALSE ? Boolean.FALSE : wrongType(tok);
            case JSONB_OBJECT:
                return tok == JsonToken.START_OBJECT ? copy(p) : wrongType(tok);
            case JSONB_ARRAY:
                return tok == JsonToken.START_ARRAY ? copy(p) : wrongType(tok);
            case JSONB_COUNTS:
                return tok == JsonToken.START_OBJECT ? readCounts(p) : wrongType(tok);
            case TEXT_ARRAY: {
                if (tok != JsonToken.START_ARRAY) {
                    return wrongType(tok);
                }
                List<String> out = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.VALUE_STRING) {
                        p.skipChildren();
                        skipToEndOfArray(p);
                        return new Problem(RejectCode.WRONG_TYPE, "an array holding " + kind(t));
                    }
                    out.add(p.getText());
                }
                return out;
            }
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    private static void skipToEndOfArray(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            p.skipChildren();
        }
    }

    private Object readCounts(JsonParser p) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = json.createGenerator(w)) {
            g.writeStartObject();
            Problem problem = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (problem != null) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    problem = new Problem(RejectCode.WRONG_TYPE, "an object whose value for '" + clip(name) + "' is " + kind(t));
                    p.skipChildren();
                } else if (p.getLongValue() < 0) {
                    problem = new Problem(RejectCode.INVALID_VALUE, "has a negative count for '" + clip(name) + "'");
                } else {
                    g.writeNumberField(name, p.getLongValue());
                }
            }
            if (problem != null) {
                return problem;
            }
            g.writeEndObject();
        }
        return w.toString();
    }

    private String copy(JsonParser p) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = json.createGenerator(w)) {
            g.copyCurrentStructure(p);
        }
        return w.toString();
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    /** Per ASCII character: 0 not a hex digit, {@link #LOWER} a digit or a-f, {@link #UPPER} A-F. */
    private static final byte[] HEX = new byte[128];
    private static final int LOWER = 1;
    private static final int UPPER = 2;

    static {
        for (char c = '0'; c <= '9'; c++) {
            HEX[c] = LOWER;
        }
        for (char c = 'a'; c <= 'f'; c++) {
            HEX[c] = LOWER;
            HEX[Character.toUpperCase(c)] = UPPER;
        }
    }

    /**
     * A UUID (8-4-4-4-12 hex digits, either case) in lower case, or null when {@code s} is not one. The
     * dashes first, then each group by table look-up: a UUID's digits are random, so a per-character
     * range test mispredicts its branches (205-260 ns a UUID against 28 ns; an agent report has five).
     * Lower-case input, the usual, is returned as it is.
     */
    static String canonicalUuid(String s) {
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
            return null;
        }
        int a = hexKinds(s, 0, 8);
        int b = hexKinds(s, 9, 13);
        int c = hexKinds(s, 14, 18);
        int d = hexKinds(s, 19, 23);
        int e = hexKinds(s, 24, 36);
        if (a == 0 || b == 0 || c == 0 || d == 0 || e == 0) {
            return null;
        }
        return ((a | b | c | d | e) & UPPER) != 0 ? s.toLowerCase(Locale.ROOT) : s;
    }

    /** The kinds of hex digit in s[from, to) ({@link #LOWER}, {@link #UPPER}, or both), or 0 if some character is none. */
    private static int hexKinds(String s, int from, int to) {
        int kinds = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            int k = ch < HEX.length ? HEX[ch] : 0;
            if (k == 0) {
                return 0;
            }
            kinds |= k;
        }
        return kinds;
    }
}
