package org.provhooks.core.json;

import com.fasterxml.jackson.core.JsonParser;
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
    private final List<ScannedRecord> raw = new ArrayList<>();
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

    public static Document read(InputStream in) throws IOException {
        ProvJsonReader reader = new ProvJsonReader();
        ProvJsonScanner.scan(in, false, reader.new DocumentHandler());
        return reader.document();
    }

    public static Document read(Reader in) throws IOException {
        try (JsonParser p = ProvJsonScanner.FACTORY.createParser(in)) {
            return read(p);
        }
    }

    public static Document readString(String json) throws IOException {
        return read(new StringReader(json));
    }

    private static Document read(JsonParser p) throws IOException {
        ProvJsonReader reader = new ProvJsonReader();
        ProvJsonScanner.scan(p, false, reader.new DocumentHandler());
        return reader.document();
    }

    /**
     * A reader fed by a scan someone else runs: the validator scans once and lets the reader resolve the same records,
     * so the two never disagree on what a document says. {@link DocumentHandler#document()} gives the result; a
     * refusal is thrown from the handler as a {@link ProvFormatException}.
     */
    public static DocumentHandler handler() {
        return new ProvJsonReader().new DocumentHandler();
    }

    /** Turns scanned prefixes and records into a {@link Document}; throws on the first refusal. */
    public final class DocumentHandler implements ProvJsonScanner.Handler {
        private DocumentHandler() {}

        @Override
        public void prefix(String bundle, String prefix, String iri, long line, long column)
                throws ProvFormatException {
            Namespace ns;
            try {
                ns = new Namespace(prefix, iri);
            } catch (IllegalArgumentException e) {
                throw new ProvFormatException(e.getMessage(), line, column);
            }
            (bundle == null ? prefixes : bundles.computeIfAbsent(bundle, k -> new RawBundle()).prefixes)
                    .put(prefix, ns);
        }

        @Override
        public void prefixesEnd(String bundle, boolean leading) throws ProvFormatException {
            if (bundle == null && leading) {
                direct = new DocumentAssembler();
                declareAll(direct, prefixes);
            }
        }

        @Override
        public void bundle(String id, long line, long column) {
            bundles.computeIfAbsent(id, k -> new RawBundle());
        }

        @Override
        public void record(String bundle, ScannedRecord r) throws ProvFormatException {
            if (r.broken()) {
                return; // already refused through issue()
            }
            if (bundle != null) {
                bundles.computeIfAbsent(bundle, k -> new RawBundle()).records.add(r);
            } else if (direct != null) {
                resolveOne(direct, prefixes, r);
            } else {
                raw.add(r);
            }
        }

        @Override
        public void issue(ProvJsonScanner.Issue issue, boolean refusal, long line, long column, String message)
                throws ProvFormatException {
            if (refusal) {
                throw new ProvFormatException(message, line, column);
            }
        }

        /** The document read so far; call once the scan is over. */
        public Document document() throws ProvFormatException {
            return ProvJsonReader.this.document();
        }
    }

    private static final class RawBundle {
        final Map<String, Namespace> prefixes = new LinkedHashMap<>();
        final List<ScannedRecord> records = new ArrayList<>();
    }

    private Document document() throws ProvFormatException {
        DocumentAssembler a = direct != null ? direct : new DocumentAssembler();
        declareAll(a, prefixes);
        resolveInto(a, prefixes, raw);
        for (Map.Entry<String, RawBundle> b : bundles.entrySet()) {
            Map<String, Namespace> inherited = new LinkedHashMap<>(prefixes);
            inherited.putAll(b.getValue().prefixes);
            DocumentAssembler ba = new DocumentAssembler();
            declareAll(ba, b.getValue().prefixes);
            cache.clear();
            resolveInto(ba, inherited, b.getValue().records);
            cache.clear();
            a.bundle(resolveUncached(b.getKey(), prefixes, "bundle '" + b.getKey() + "'", -1, -1), ba.build());
        }
        return a.build();
    }

    /** Declares prefixes; a predefined prefix bound to another IRI is a refusal, not a crash. */
    private static void declareAll(DocumentAssembler a, Map<String, Namespace> ns) throws ProvFormatException {
        for (Namespace n : ns.values()) {
            try {
                a.declare(n);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ProvFormatException(e.getMessage());
            }
        }
    }

    private void resolveInto(DocumentAssembler a, Map<String, Namespace> ns, List<ScannedRecord> records)
            throws ProvFormatException {
        for (ScannedRecord r : records) {
            resolveOne(a, ns, r);
        }
    }

    private void resolveOne(DocumentAssembler a, Map<String, Namespace> ns, ScannedRecord r)
            throws ProvFormatException {
        try {
            buildRecords(a, ns, r);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ProvFormatException(r.where() + ": " + e.getMessage(), r.line(), r.column());
        }
    }

    private void buildRecords(DocumentAssembler a, Map<String, Namespace> ns, ScannedRecord r)
            throws ProvFormatException {
        QualifiedName id = r.key().startsWith("_:") && !r.kind().isElement() ? null : resolveRef(r.key(), ns, r);
        RecordBuilder b = Prov.record(r.kind(), id);
        List<Formal> fs = r.kind().formals();
        for (int i = 0; i < fs.size(); i++) {
            String v = r.formal(i);
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
                            r.line(),
                            r.column());
                }
            } else {
                b.set(f, resolveRef(v, ns, r));
            }
        }
        for (int i = 0; i < r.attributeCount(); i++) {
            QualifiedName name = resolve(r.attributeName(i), ns, r, null);
            b.attr(name, literal(r.value(i), ns, r, name));
        }
        if (r.members() == null) {
            a.add(b.build());
            return;
        }
        for (String m : r.members()) {
            a.add(b.set(Formal.ENTITY, resolveRef(m, ns, r)).build());
        }
    }

    private Literal literal(ScannedValue v, Map<String, Namespace> ns, ScannedRecord r, QualifiedName name)
            throws ProvFormatException {
        String lexical = v.lexical();
        switch (v.shape()) {
            case STRING:
                return Literal.of(lexical);
            case BOOLEAN:
                return Literal.typed(lexical, Literal.XSD_BOOLEAN);
            case INTEGER: {
                if (lexical.length() >= 19 && new BigInteger(lexical).bitLength() > 63) {
                    // Beyond 64 bits: kept exactly, as an xsd:integer.
                    return Literal.typed(lexical, Namespace.XSD.name("integer"));
                }
                long l = Long.parseLong(lexical);
                return l == (int) l ? Literal.of((int) l) : Literal.of(l);
            }
            case DECIMAL:
                return Literal.of(Double.parseDouble(lexical));
            default:
                break;
        }
        if (v.lang() != null) {
            return Literal.withLang(lexical, v.lang());
        }
        if (v.type() == null) {
            return Literal.of(lexical);
        }
        QualifiedName type = resolve(v.type(), ns, r, name);
        if (type.equals(Literal.PROV_QUALIFIED_NAME)) {
            QualifiedName q = resolve(lexical, ns, r, name);
            return new Literal(lexical, type, null, q);
        }
        return Literal.typed(lexical, type);
    }

    /**
     * An identifier: most are seen once or twice, so they are resolved directly rather than cached (a cache of
     * every identifier costs more than it saves).
     */
    private QualifiedName resolveRef(String text, Map<String, Namespace> ns, ScannedRecord r)
            throws ProvFormatException {
        int colon = text.indexOf(':');
        if (colon > 0) {
            Namespace n = ns.get(text.substring(0, colon));
            if (n != null) {
                return n.name(text.substring(colon + 1));
            }
        }
        return resolveUncached(text, ns, r.where(), r.line(), r.column());
    }

    /** An attribute name or a datatype: few distinct ones, repeated in every record, so cached. */
    private QualifiedName resolve(String text, Map<String, Namespace> ns, ScannedRecord r, QualifiedName attribute)
            throws ProvFormatException {
        QualifiedName q = cache.get(text);
        if (q != null) {
            return q;
        }
        q = resolveUncached(
                text, ns, attribute == null ? r.where() : r.where() + " attribute " + attribute, r.line(), r.column());
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
}
