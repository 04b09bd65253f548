package org.provhooks.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.DocumentAssembler;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordBuilder;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.model.Times;

/**
 * Reads PROV-JSON into a {@link Document}. Structural problems (malformed JSON, wrong value types,
 * undeclared prefixes, bad times) raise a {@link ProvFormatException} whose message names the place.
 * Blank relation keys ({@code _:x}) carry no identity and are not kept. Prefixes may come after the
 * records that use them.
 *
 * <pre>{@code
 * Document doc = ProvJsonReader.read(Path.of("run.prov.json"));
 * }</pre>
 *
 * For checking a document against every emitter rule use {@code org.provhooks.core.validate.Validator}.
 */
public final class ProvJsonReader {
    /** Files larger than this are refused unless a larger limit is given. */
    public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;

    private final Map<String, Namespace> prefixes = new LinkedHashMap<>();
    private final List<RawRecord> raw = new ArrayList<>();
    private final Map<String, RawBundle> bundles = new LinkedHashMap<>();
    private final Map<String, QualifiedName> cache = new HashMap<>();
    /**
     * When the document starts with its prefixes (as every writer of ours does), top-level records are resolved as
     * they are read, so none is held in raw form; otherwise they wait until all prefixes are known.
     */
    private DocumentAssembler direct;

    private ProvJsonReader() {}

    /** Reads a file of at most {@link #DEFAULT_MAX_BYTES}. */
    public static Document read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /** Reads a file, refusing files larger than {@code maxBytes} with a clear message. */
    public static Document read(Path file, long maxBytes) throws IOException {
        checkReadable(file, maxBytes);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /**
     * Checks that {@code file} is a regular, readable file no larger than {@code maxBytes}.
     *
     * @throws ProvFormatException with a one-line reason otherwise
     */
    public static void checkReadable(Path file, long maxBytes) throws ProvFormatException {
        if (Files.isDirectory(file)) {
            throw new ProvFormatException("is a directory, expected a PROV-JSON file");
        }
        if (!Files.exists(file)) {
            throw new ProvFormatException("no such file");
        }
        if (!Files.isReadable(file)) {
            throw new ProvFormatException("file is not readable (check its permissions)");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ProvFormatException("no such file");
        } catch (IOException e) {
            throw new ProvFormatException("cannot read the file size: " + e.getMessage());
        }
        if (size > maxBytes) {
            throw new ProvFormatException(String.format(
                    "file is %s, larger than the %s limit; keep metric values out of the graph or raise the limit (--max-size)",
                    human(size), human(maxBytes)));
        }
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format("%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format("%.1f MiB", bytes / (double) (1L << 20));
        }
        return bytes + " bytes";
    }

    /**
     * Field names in PROV-JSON are mostly record identifiers, each seen once: interning them in Jackson's symbol
     * table would cost more than it saves.
     */
    private static final JsonFactory READ_FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    public static Document read(InputStream in) throws IOException {
        try (JsonParser p = READ_FACTORY.createParser(in)) {
            return new ProvJsonReader().parse(p);
        }
    }

    public static Document read(Reader in) throws IOException {
        try (JsonParser p = READ_FACTORY.createParser(in)) {
            return new ProvJsonReader().parse(p);
        }
    }

    public static Document readString(String json) throws IOException {
        return read(new StringReader(json));
    }

    private static final class RawValue {
        final String lexical;
        final String type;
        final String lang;
        final JsonToken token;

        RawValue(String lexical, String type, String lang, JsonToken token) {
            this.lexical = lexical;
            this.type = type;
            this.lang = lang;
            this.token = token;
        }
    }

    private static final class RawRecord {
        final RecordKind kind;
        final String key;
        final String[] formals;
        final List<String> names = new ArrayList<>();
        final List<RawValue> values = new ArrayList<>();
        /** Extra members of a hadMember record written as an array. */
        List<String> members;

        final long line;
        final long column;

        RawRecord(RecordKind kind, String key, JsonLocation loc) {
            this.kind = kind;
            this.key = key;
            this.formals = new String[kind.formals().size()];
            this.line = loc.getLineNr();
            this.column = loc.getColumnNr();
        }

        String where() {
            return kind.jsonName() + " '" + key + "'";
        }
    }

    private static final class RawBundle {
        final Map<String, Namespace> prefixes = new LinkedHashMap<>();
        final List<RawRecord> records = new ArrayList<>();
    }

    private Document parse(JsonParser p) throws IOException {
        try {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw error(p, "a PROV-JSON document must be a JSON object");
            }
            parseBody(p, prefixes, raw, true);
            if (p.nextToken() != null) {
                throw error(p, "unexpected content after the document's closing brace");
            }
        } catch (JsonParseException e) {
            JsonLocation loc = e.getLocation();
            throw new ProvFormatException(
                    "malformed JSON: " + e.getOriginalMessage(),
                    loc == null ? -1 : loc.getLineNr(),
                    loc == null ? -1 : loc.getColumnNr());
        }
        DocumentAssembler a = direct != null ? direct : new DocumentAssembler();
        prefixes.values().forEach(a::declare);
        resolveInto(a, prefixes, raw);
        for (Map.Entry<String, RawBundle> b : bundles.entrySet()) {
            Map<String, Namespace> inherited = new LinkedHashMap<>(prefixes);
            inherited.putAll(b.getValue().prefixes);
            DocumentAssembler ba = new DocumentAssembler();
            b.getValue().prefixes.values().forEach(ba::declare);
            cache.clear();
            resolveInto(ba, inherited, b.getValue().records);
            cache.clear();
            a.bundle(resolveUncached(b.getKey(), prefixes, "bundle '" + b.getKey() + "'", -1, -1), ba.build());
        }
        return a.build();
    }

    private void parseBody(JsonParser p, Map<String, Namespace> prefixOut, List<RawRecord> out, boolean topLevel)
            throws IOException {
        boolean first = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String section = p.currentName();
            JsonToken t = p.nextToken();
            boolean leading = first;
            first = false;
            if (section.equals("prefix")) {
                expect(p, t, JsonToken.START_OBJECT, "'prefix' must be an object");
                parsePrefixes(p, prefixOut);
                if (topLevel && leading) {
                    direct = new DocumentAssembler();
                    prefixOut.values().forEach(direct::declare);
                }
            } else if (section.equals("bundle")) {
                if (!topLevel) {
                    throw error(p, "bundles cannot be nested");
                }
                expect(p, t, JsonToken.START_OBJECT, "'bundle' must be an object");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String id = p.currentName();
                    expect(p, p.nextToken(), JsonToken.START_OBJECT, "bundle '" + id + "' must be an object");
                    RawBundle b = new RawBundle();
                    parseBody(p, b.prefixes, b.records, false);
                    bundles.put(id, b);
                }
            } else {
                RecordKind kind = RecordKind.fromJsonName(section);
                if (kind == null) {
                    throw error(
                            p,
                            "unknown section '" + section
                                    + "' (expected prefix, bundle or a PROV record type such as entity, activity, used)");
                }
                expect(p, t, JsonToken.START_OBJECT, "section '" + section + "' must be an object");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonToken v = p.nextToken();
                    if (v == JsonToken.START_ARRAY) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            expect(
                                    p,
                                    p.currentToken(),
                                    JsonToken.START_OBJECT,
                                    kind.jsonName() + " '" + key + "' array must hold objects");
                            accept(parseRecord(p, kind, key), out, topLevel);
                        }
                    } else {
                        expect(p, v, JsonToken.START_OBJECT, kind.jsonName() + " '" + key + "' must be an object");
                        accept(parseRecord(p, kind, key), out, topLevel);
                    }
                }
            }
        }
    }

    /** Resolves a top-level record at once when the prefixes came first; otherwise keeps it for later. */
    private void accept(RawRecord r, List<RawRecord> out, boolean topLevel) throws ProvFormatException {
        if (topLevel && direct != null) {
            resolveOne(direct, prefixes, r);
        } else {
            out.add(r);
        }
    }

    private void parsePrefixes(JsonParser p, Map<String, Namespace> out) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String prefix = p.currentName();
            expect(p, p.nextToken(), JsonToken.VALUE_STRING, "prefix '" + prefix + "' must map to an IRI string");
            try {
                out.put(prefix, new Namespace(prefix, p.getText()));
            } catch (IllegalArgumentException e) {
                throw error(p, e.getMessage());
            }
        }
    }

    private RawRecord parseRecord(JsonParser p, RecordKind kind, String key) throws IOException {
        RawRecord r = new RawRecord(kind, key, p.currentLocation());
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            int formal = formalIndex(kind, name);
            if (formal >= 0) {
                if (t == JsonToken.START_ARRAY && kind == RecordKind.HAD_MEMBER && name.equals("prov:entity")) {
                    r.members = new ArrayList<>();
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        r.members.add(p.getText());
                    }
                    expect(
                            p,
                            p.currentToken(),
                            JsonToken.END_ARRAY,
                            r.where() + ": prov:entity members must be strings");
                    continue;
                }
                expect(p, t, JsonToken.VALUE_STRING, r.where() + ": " + name + " must be a single string");
                r.formals[formal] = p.getText();
            } else if (t == JsonToken.START_ARRAY) {
                int n = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    r.names.add(name);
                    r.values.add(parseValue(p, p.currentToken(), r, name));
                    n++;
                }
                if (n == 0) {
                    throw error(p, r.where() + ": attribute " + name + " has an empty array");
                }
            } else {
                r.names.add(name);
                r.values.add(parseValue(p, t, r, name));
            }
        }
        return r;
    }

    private static int formalIndex(RecordKind kind, String name) {
        if (!name.startsWith("prov:")) {
            return -1;
        }
        if (kind == RecordKind.ACTIVITY) {
            // yProv's own validator accepts these spellings; read them as the PROV-JSON names.
            if (name.equals("prov:startedAtTime")) {
                name = "prov:startTime";
            } else if (name.equals("prov:endedAtTime")) {
                name = "prov:endTime";
            }
        }
        int localLength = name.length() - 5;
        List<Formal> fs = kind.formals();
        for (int i = 0; i < fs.size(); i++) {
            String local = fs.get(i).qualifiedName().local();
            if (local.length() == localLength && name.regionMatches(5, local, 0, localLength)) {
                return i;
            }
        }
        return -1;
    }

    private RawValue parseValue(JsonParser p, JsonToken t, RawRecord r, String name) throws IOException {
        switch (t) {
            case VALUE_STRING:
                return new RawValue(p.getText(), null, null, t);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new RawValue(p.getText(), null, null, t);
            case START_OBJECT: {
                String lexical = null;
                String type = null;
                String lang = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    JsonToken v = p.nextToken();
                    if (!v.isScalarValue() || v == JsonToken.VALUE_NULL) {
                        throw error(
                                p, r.where() + ": attribute " + name + ": '" + k + "' of a literal must be a string");
                    }
                    switch (k) {
                        case "$" -> lexical = p.getText();
                        case "type" -> type = p.getText();
                        case "lang" -> lang = p.getText();
                        default ->
                            throw error(
                                    p,
                                    r.where() + ": attribute " + name
                                            + ": a literal object holds only '$' with 'type' or 'lang', found '" + k
                                            + "'");
                    }
                }
                if (lexical == null) {
                    throw error(p, r.where() + ": attribute " + name + ": literal object without '$'");
                }
                if (type != null && lang != null) {
                    throw error(p, r.where() + ": attribute " + name + ": a literal has 'type' or 'lang', not both");
                }
                return new RawValue(lexical, type, lang, JsonToken.START_OBJECT);
            }
            case VALUE_NULL:
                throw error(p, r.where() + ": attribute " + name + " is null; omit attributes without a value");
            case START_ARRAY:
                throw error(p, r.where() + ": attribute " + name + " has a nested array");
            default:
                throw error(p, r.where() + ": attribute " + name + " has an unexpected " + t);
        }
    }

    private void resolveInto(DocumentAssembler a, Map<String, Namespace> ns, List<RawRecord> records)
            throws ProvFormatException {
        for (RawRecord r : records) {
            resolveOne(a, ns, r);
        }
    }

    private void resolveOne(DocumentAssembler a, Map<String, Namespace> ns, RawRecord r) throws ProvFormatException {
        try {
            buildRecords(a, ns, r);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ProvFormatException(r.where() + ": " + e.getMessage(), r.line, r.column);
        }
    }

    private void buildRecords(DocumentAssembler a, Map<String, Namespace> ns, RawRecord r) throws ProvFormatException {
        QualifiedName id = r.key.startsWith("_:") && !r.kind.isElement() ? null : resolveRef(r.key, ns, r);
        RecordBuilder b = Prov.record(r.kind, id);
        List<Formal> fs = r.kind.formals();
        for (int i = 0; i < fs.size(); i++) {
            String v = r.formals[i];
            if (v == null) {
                continue;
            }
            Formal f = fs.get(i);
            if (f.isTime()) {
                try {
                    b.set(f, Times.parse(v));
                } catch (DateTimeParseException e) {
                    throw new ProvFormatException(
                            r.where() + ": " + f.qualifiedName() + " '" + v
                                    + "' is not an xsd:dateTime such as 2025-03-01T10:15:30Z",
                            r.line,
                            r.column);
                }
            } else {
                b.set(f, resolveRef(v, ns, r));
            }
        }
        for (int i = 0; i < r.names.size(); i++) {
            QualifiedName name = resolve(r.names.get(i), ns, r, null);
            b.attr(name, literal(r.values.get(i), ns, r, name));
        }
        if (r.members == null) {
            a.add(b.build());
            return;
        }
        for (String m : r.members) {
            a.add(b.set(Formal.ENTITY, resolveRef(m, ns, r)).build());
        }
    }

    private Literal literal(RawValue v, Map<String, Namespace> ns, RawRecord r, QualifiedName name)
            throws ProvFormatException {
        switch (v.token) {
            case VALUE_STRING:
                return Literal.of(v.lexical);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return Literal.typed(v.lexical, Literal.XSD_BOOLEAN);
            case VALUE_NUMBER_INT: {
                if (v.lexical.length() >= 19 && new BigInteger(v.lexical).bitLength() > 63) {
                    // Beyond 64 bits: kept exactly, as an xsd:integer.
                    return Literal.typed(v.lexical, Namespace.XSD.name("integer"));
                }
                long l = Long.parseLong(v.lexical);
                return l == (int) l ? Literal.of((int) l) : Literal.of(l);
            }
            case VALUE_NUMBER_FLOAT:
                return Literal.of(Double.parseDouble(v.lexical));
            default:
                break;
        }
        if (v.lang != null) {
            return Literal.withLang(v.lexical, v.lang);
        }
        if (v.type == null) {
            return Literal.of(v.lexical);
        }
        QualifiedName type = resolve(v.type, ns, r, name);
        if (type.equals(Literal.PROV_QUALIFIED_NAME)) {
            QualifiedName q = resolve(v.lexical, ns, r, name);
            return new Literal(v.lexical, type, null, q);
        }
        return Literal.typed(v.lexical, type);
    }

    /**
     * An identifier: most are seen once or twice, so they are resolved directly rather than cached (a cache of
     * every identifier costs more than it saves).
     */
    private QualifiedName resolveRef(String text, Map<String, Namespace> ns, RawRecord r) throws ProvFormatException {
        int colon = text.indexOf(':');
        if (colon > 0) {
            Namespace n = ns.get(text.substring(0, colon));
            if (n != null) {
                return n.name(text.substring(colon + 1));
            }
        }
        return resolveUncached(text, ns, r.where(), r.line, r.column);
    }

    /** An attribute name or a datatype: few distinct ones, repeated in every record, so cached. */
    private QualifiedName resolve(String text, Map<String, Namespace> ns, RawRecord r, QualifiedName attribute)
            throws ProvFormatException {
        QualifiedName q = cache.get(text);
        if (q != null) {
            return q;
        }
        q = resolveUncached(
                text, ns, attribute == null ? r.where() : r.where() + " attribute " + attribute, r.line, r.column);
        cache.put(text, q);
        return q;
    }

    private static QualifiedName resolveUncached(
            String text, Map<String, Namespace> ns, String where, long line, long column) throws ProvFormatException {
        int colon = text.indexOf(':');
        Namespace n;
        String local;
        if (colon < 0) {
            n = ns.get(Namespace.DEFAULT_PREFIX);
            local = text;
            if (n == null) {
                throw new ProvFormatException(
                        where + ": name '" + text + "' has no prefix and no default namespace is declared",
                        line,
                        column);
            }
        } else {
            String prefix = text.substring(0, colon);
            local = text.substring(colon + 1);
            n = ns.get(prefix);
            if (n == null) {
                n = prefix.equals("prov") ? Namespace.PROV : prefix.equals("xsd") ? Namespace.XSD : null;
            }
            if (n == null) {
                throw new ProvFormatException(
                        where + ": prefix '" + prefix + "' of '" + text
                                + "' is not declared; add it to the document's \"prefix\" object",
                        line,
                        column);
            }
        }
        return n.name(local);
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String message)
            throws ProvFormatException {
        if (actual != expected) {
            throw error(p, message);
        }
    }

    private static ProvFormatException error(JsonParser p, String message) {
        JsonLocation loc = p.currentLocation();
        return new ProvFormatException(message, loc.getLineNr(), loc.getColumnNr());
    }
}
