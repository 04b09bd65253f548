package org.provhooks.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.provhooks.core.model.RecordKind;

/**
 * The one syntax pass over a PROV-JSON document, shared by {@link ProvJsonReader} and the validator: it walks the
 * JSON once and hands each prefix, bundle and record, with its place in the file, to a {@link Handler}. Structural
 * problems go to {@link Handler#issue}: a handler that throws stops the scan (the reader), one that returns lets the
 * scan skip the bad value and go on (the validator, which reports every problem).
 *
 * <!-- given: InputStream in, ProvJsonScanner.Handler handler -->
 * <pre>{@code
 * ProvJsonScanner.scan(in, false, handler); // handler receives prefix(...), record(...), issue(...)
 * }</pre>
 */
public final class ProvJsonScanner {
    /** What is structurally wrong; the validator reports these under the same names. */
    public enum Issue {
        MALFORMED_JSON,
        NOT_AN_OBJECT,
        UNKNOWN_SECTION,
        DUPLICATE_KEY,
        EMPTY_SECTION,
        BAD_PREFIX,
        BAD_ARGUMENT,
        BAD_VALUE
    }

    /** Receives what the scan finds, in file order. {@code bundle} is null at the document's top level. */
    public interface Handler {
        /** One prefix declaration. */
        void prefix(String bundle, String prefix, String iri, long line, long column) throws ProvFormatException;

        /** The end of a {@code prefix} object; {@code leading} when it was the first key of its object. */
        default void prefixesEnd(String bundle, boolean leading) throws ProvFormatException {}

        /** A bundle starts; its prefixes and records follow with {@code bundle} set to {@code id}. */
        default void bundle(String id, long line, long column) throws ProvFormatException {}

        /** One record: each element of an array under one key is its own record. */
        void record(String bundle, ScannedRecord record) throws ProvFormatException;

        /**
         * A structural problem. {@code refusal}: the document cannot be read as PROV-JSON (otherwise it only breaks an
         * emitter rule, e.g. an empty section). Throw to stop; return to let the scan skip the value and go on.
         */
        void issue(Issue issue, boolean refusal, long line, long column, String message) throws ProvFormatException;
    }

    /**
     * Field names in PROV-JSON are mostly record identifiers, each seen once: interning them in Jackson's symbol
     * table would cost more than it saves.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    private final JsonParser p;
    private final Handler handler;
    /** Detailed scans (the validator's) also find duplicate keys and keep each value's place. */
    private final boolean detailed;

    private ProvJsonScanner(JsonParser p, Handler handler, boolean detailed) {
        this.p = p;
        this.handler = handler;
        this.detailed = detailed;
    }

    /**
     * Scans one document from {@code p} (not closed).
     *
     * @param detailed also report duplicate keys and keep the place of every value (slower; for the validator)
     */
    public static void scan(JsonParser p, boolean detailed, Handler handler) throws IOException {
        new ProvJsonScanner(p, handler, detailed).document();
    }

    /** Scans one document from a stream (not closed). */
    public static void scan(java.io.InputStream in, boolean detailed, Handler handler) throws IOException {
        JsonParser p;
        try {
            p = FACTORY.createParser(in);
        } catch (CharConversionException e) {
            // Jackson guesses the encoding from the first bytes; bytes that look like no encoding are not JSON text.
            notText(handler, e);
            return;
        }
        try (p) {
            scan(p, detailed, handler);
        }
    }

    private void document() throws IOException {
        try {
            JsonToken t = p.nextToken();
            if (t == null) {
                issueAtToken(Issue.MALFORMED_JSON, true, "malformed JSON: empty input");
                return;
            }
            if (t != JsonToken.START_OBJECT) {
                issueAtToken(Issue.NOT_AN_OBJECT, true, "a PROV-JSON document must be one JSON object");
                return;
            }
            body(null);
            if (p.nextToken() != null) {
                issue(
                        Issue.MALFORMED_JSON,
                        true,
                        "malformed JSON: unexpected content after the document's closing brace");
            }
        } catch (JsonProcessingException e) {
            // Syntax errors, and the parser's limits (number length, nesting depth): the text is not readable JSON.
            JsonLocation loc = e.getLocation();
            handler.issue(
                    Issue.MALFORMED_JSON,
                    true,
                    loc == null ? -1 : loc.getLineNr(),
                    loc == null ? -1 : loc.getColumnNr(),
                    "malformed JSON: " + oneLine(e.getOriginalMessage()));
        } catch (CharConversionException e) {
            notText(handler, e);
        }
    }

    /** Bytes that decode in no encoding Jackson knows, when it opens the stream or while it reads. */
    private static void notText(Handler handler, CharConversionException e) throws IOException {
        handler.issue(
                Issue.MALFORMED_JSON,
                true,
                -1,
                -1,
                "not JSON text: " + oneLine(e.getMessage()) + "; PROV-JSON is UTF-8 text");
    }

    private static String oneLine(String m) {
        return m == null ? "" : m.replace('\n', ' ').replace('\r', ' ');
    }

    private void body(String bundle) throws IOException {
        boolean first = true;
        Set<String> keys = keySet();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String section = p.currentName();
            duplicate(keys, section);
            JsonToken t = p.nextToken();
            boolean leading = first;
            first = false;
            if (section.equals("prefix")) {
                if (expectObject(t, Issue.BAD_VALUE, "'prefix' must be an object mapping prefix names to IRIs")) {
                    prefixes(bundle);
                    handler.prefixesEnd(bundle, leading);
                }
            } else if (section.equals("bundle")) {
                if (bundle != null) {
                    issueAtToken(Issue.UNKNOWN_SECTION, true, "bundles cannot be nested inside a bundle");
                    p.skipChildren();
                } else if (expectObject(
                        t, Issue.BAD_VALUE, "'bundle' must be an object mapping bundle ids to bundles")) {
                    bundles();
                }
            } else {
                RecordKind kind = RecordKind.fromJsonName(section);
                if (kind == null) {
                    issueAtToken(
                            Issue.UNKNOWN_SECTION,
                            true,
                            "unknown section '" + section
                                    + "'; allowed are prefix, bundle and the PROV record types (entity, activity, used, …)");
                    p.skipChildren();
                } else if (expectObject(
                        t,
                        Issue.BAD_VALUE,
                        "section '" + section + "' must be an object mapping identifiers to records")) {
                    section(bundle, kind);
                }
            }
        }
    }

    private void bundles() throws IOException {
        Set<String> keys = keySet();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String id = p.currentName();
            duplicate(keys, id);
            JsonToken t = p.nextToken();
            JsonLocation at = p.currentTokenLocation();
            if (expectObject(t, Issue.BAD_VALUE, "bundle '" + id + "' must be an object")) {
                handler.bundle(id, at.getLineNr(), at.getColumnNr());
                body(id);
            }
        }
    }

    private void prefixes(String bundle) throws IOException {
        Set<String> keys = keySet();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String prefix = p.currentName();
            duplicate(keys, prefix);
            JsonToken t = p.nextToken();
            if (t != JsonToken.VALUE_STRING) {
                issueAtToken(Issue.BAD_PREFIX, true, "prefix '" + prefix + "' must map to an IRI string");
                p.skipChildren();
                continue;
            }
            JsonLocation at = p.currentTokenLocation();
            handler.prefix(bundle, prefix, p.getText(), at.getLineNr(), at.getColumnNr());
        }
    }

    private void section(String bundle, RecordKind kind) throws IOException {
        JsonLocation sectionAt = p.currentTokenLocation();
        Set<String> keys = keySet();
        int n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            duplicate(keys, key);
            n++;
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_ARRAY) {
                JsonLocation arrayAt = p.currentTokenLocation();
                int items = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items++;
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        issueAtToken(Issue.BAD_VALUE, true, kind.jsonName() + " '" + key + "' array must hold objects");
                        p.skipChildren();
                        handler.record(bundle, ScannedRecord.broken(kind, key, arrayAt));
                        continue;
                    }
                    handler.record(bundle, record(kind, key));
                }
                if (items == 0) {
                    handler.issue(
                            Issue.BAD_VALUE,
                            false,
                            arrayAt.getLineNr(),
                            arrayAt.getColumnNr(),
                            kind.jsonName() + " '" + key + "' is an empty array");
                    handler.record(bundle, ScannedRecord.broken(kind, key, arrayAt));
                }
            } else if (v == JsonToken.START_OBJECT) {
                handler.record(bundle, record(kind, key));
            } else {
                JsonLocation at = p.currentTokenLocation();
                issueAtToken(Issue.BAD_VALUE, true, kind.jsonName() + " '" + key + "' must be an object of attributes");
                handler.record(bundle, ScannedRecord.broken(kind, key, at));
            }
        }
        if (n == 0) {
            handler.issue(
                    Issue.EMPTY_SECTION,
                    false,
                    sectionAt.getLineNr(),
                    sectionAt.getColumnNr(),
                    "section '" + kind.jsonName() + "' is empty; omit empty sections");
        }
    }

    private ScannedRecord record(RecordKind kind, String key) throws IOException {
        ScannedRecord r = new ScannedRecord(kind, key, detailed ? p.currentTokenLocation() : p.currentLocation());
        Set<String> keys = keySet();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            duplicate(keys, name);
            JsonToken t = p.nextToken();
            int formal = ScannedRecord.formalIndex(kind, name);
            if (formal >= 0) {
                formal(r, formal, name, t);
            } else if (t == JsonToken.START_ARRAY) {
                JsonLocation arrayAt = p.currentTokenLocation();
                int n = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    n++;
                    if (p.currentToken() == JsonToken.START_ARRAY) {
                        issueAtToken(Issue.BAD_VALUE, true, r.where() + ": attribute " + name + " has a nested array");
                        p.skipChildren();
                        continue;
                    }
                    value(r, name, p.currentToken());
                }
                if (n == 0) {
                    handler.issue(
                            Issue.BAD_VALUE,
                            true,
                            arrayAt.getLineNr(),
                            arrayAt.getColumnNr(),
                            r.where() + ": attribute " + name + " is an empty array; omit it");
                }
            } else {
                value(r, name, t);
            }
        }
        return r;
    }

    private void formal(ScannedRecord r, int formal, String name, JsonToken t) throws IOException {
        r.present(formal);
        if (t == JsonToken.START_ARRAY && r.kind() == RecordKind.HAD_MEMBER && name.equals("prov:entity")) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    issueAtToken(
                            Issue.BAD_ARGUMENT,
                            true,
                            r.where() + ": members of prov:entity must be identifier strings");
                    p.skipChildren();
                    continue;
                }
                r.addMember(p.getText(), place());
            }
            return;
        }
        if (t != JsonToken.VALUE_STRING) {
            issueAtToken(
                    Issue.BAD_ARGUMENT,
                    true,
                    r.where() + ": " + name + " must be one plain string (an identifier or a time), not " + shape(t));
            p.skipChildren();
            return;
        }
        r.setFormal(formal, p.getText(), place());
    }

    private static String shape(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> "a number";
        };
    }

    private void value(ScannedRecord r, String name, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING ->
                r.addAttribute(name, ScannedValue.plain(p.getText(), ScannedValue.Shape.STRING), place());
            case VALUE_NUMBER_INT ->
                r.addAttribute(name, ScannedValue.plain(p.getText(), ScannedValue.Shape.INTEGER), place());
            case VALUE_NUMBER_FLOAT ->
                r.addAttribute(name, ScannedValue.plain(p.getText(), ScannedValue.Shape.DECIMAL), place());
            case VALUE_TRUE, VALUE_FALSE ->
                r.addAttribute(name, ScannedValue.plain(p.getText(), ScannedValue.Shape.BOOLEAN), place());
            case START_OBJECT -> literal(r, name);
            case VALUE_NULL ->
                issueAtToken(
                        Issue.BAD_VALUE,
                        true,
                        r.where() + ": attribute " + name + " is null; omit attributes without a value");
            default -> {
                issueAtToken(Issue.BAD_VALUE, true, r.where() + ": attribute " + name + " has an unexpected " + t);
                p.skipChildren();
            }
        }
    }

    private void literal(ScannedRecord r, String name) throws IOException {
        long place = place();
        String lexical = null;
        String type = null;
        String lang = null;
        long typePlace = place;
        boolean bad = false;
        Set<String> keys = keySet();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            duplicate(keys, k);
            JsonToken v = p.nextToken();
            boolean lexicalKey = k.equals("$");
            if (!lexicalKey && !k.equals("type") && !k.equals("lang")) {
                issueAtToken(
                        Issue.BAD_VALUE,
                        true,
                        r.where() + ": attribute " + name
                                + ": a literal object holds only '$' with 'type' or 'lang', found '" + k + "'");
                p.skipChildren();
                bad = true;
                continue;
            }
            if (lexicalKey ? !v.isScalarValue() || v == JsonToken.VALUE_NULL : v != JsonToken.VALUE_STRING) {
                issueAtToken(
                        Issue.BAD_VALUE,
                        true,
                        r.where() + ": attribute " + name + ": '" + k + "' of a literal must be "
                                + (lexicalKey ? "the value's text" : "a string"));
                p.skipChildren();
                bad = true;
                continue;
            }
            switch (k) {
                case "$" -> lexical = p.getText();
                case "type" -> {
                    type = p.getText();
                    typePlace = place();
                }
                default -> lang = p.getText();
            }
        }
        if (bad) {
            return;
        }
        if (lexical == null) {
            issue(
                    Issue.BAD_VALUE,
                    true,
                    r.where() + ": attribute " + name + ": a literal object needs '$' with the value's text");
        } else if (type != null && lang != null) {
            issue(
                    Issue.BAD_VALUE,
                    true,
                    r.where() + ": attribute " + name + ": a literal has 'type' or 'lang', not both");
        } else {
            r.addAttribute(name, ScannedValue.literal(lexical, type, lang, typePlace), place);
        }
    }

    /** The place of the current token packed into one long (line in the high half), or 0 when not kept. */
    private long place() {
        if (!detailed) {
            return 0;
        }
        JsonLocation at = p.currentTokenLocation();
        return ScannedRecord.pack(at.getLineNr(), at.getColumnNr());
    }

    private boolean expectObject(JsonToken t, Issue issue, String message) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            return true;
        }
        issueAtToken(issue, true, message);
        p.skipChildren();
        return false;
    }

    private Set<String> keySet() {
        return detailed ? new HashSet<>() : null;
    }

    private void duplicate(Set<String> keys, String key) throws IOException {
        if (keys != null && !keys.add(key)) {
            JsonLocation at = p.currentTokenLocation();
            handler.issue(
                    Issue.DUPLICATE_KEY,
                    false,
                    at.getLineNr(),
                    at.getColumnNr(),
                    "key '" + key
                            + "' appears twice in one object (readers keep only the last); merge the two into one");
        }
    }

    private void issueAtToken(Issue issue, boolean refusal, String message) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        handler.issue(issue, refusal, at.getLineNr(), at.getColumnNr(), message);
    }

    private void issue(Issue issue, boolean refusal, String message) throws IOException {
        JsonLocation at = p.currentLocation();
        handler.issue(issue, refusal, at.getLineNr(), at.getColumnNr(), message);
    }
}
