package org.provhooks.core.validate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.provhooks.core.json.ProvFormatException;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.json.ProvJsonScanner;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.json.ScannedRecord;
import org.provhooks.core.json.ScannedValue;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.ElementKind;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.model.Times;
import org.provhooks.core.validate.Problem.Code;

/**
 * Checks a PROV-JSON document against the W3C PROV-JSON rules and the project's emitter rules, reporting
 * every problem as one line with its place.
 *
 * <pre>{@code
 * List<Problem> problems = Validator.validate(Path.of("run.prov.json"));
 * problems.forEach(p -> System.err.println(p.format()));
 * }</pre>
 *
 * Checked: JSON syntax, duplicate keys, unknown sections, empty sections or document, prefix names and
 * declarations (prov and xsd not rebound), identifiers (qualified names, {@code _:} keys for relations),
 * one id for one kind, formal arguments (present, single strings, referring to an element of the right
 * kind that is described in the same document or bundle), xsd:dateTime times, start before end, event
 * times within their activity, one generation per entity, no derivation cycles, attribute names
 * ({@code prov:} only for type, label, location, role, value) and values (no null, empty or nested
 * arrays; typed literals with a valid lexical form).
 */
public final class Validator {
    private static final Set<String> PROV_ATTRIBUTES =
            Set.of("prov:type", "prov:label", "prov:location", "prov:role", "prov:value");

    private final String source;
    private final List<Problem> problems = new ArrayList<>();

    private Validator(String source) {
        this.source = source;
    }

    /** Validates a file of at most {@link ProvJsonReader#DEFAULT_MAX_BYTES}. */
    public static List<Problem> validate(Path file) {
        return validate(file, ProvJsonReader.DEFAULT_MAX_BYTES);
    }

    public static List<Problem> validate(Path file, long maxBytes) {
        String name = file.toString();
        try {
            ProvJsonReader.checkReadable(file, maxBytes);
            try (InputStream in = Files.newInputStream(file)) {
                return validate(in, name);
            }
        } catch (ProvFormatException e) {
            return List.of(new Problem(Code.UNREADABLE, name, -1, -1, e.getMessage()));
        } catch (IOException e) {
            return List.of(new Problem(Code.UNREADABLE, name, -1, -1, "cannot read: " + e.getMessage()));
        }
    }

    /**
     * Validates a stream. The document is scanned once by {@link ProvJsonScanner}, the pass {@link ProvJsonReader}
     * uses too; the rules run over the scanned records and the reader resolves the same records, so a document the
     * reader refuses is never reported valid and the two never disagree on what the file says.
     */
    public static List<Problem> validate(InputStream in, String source) throws IOException {
        Validator v = new Validator(source);
        Scan scan = v.new Scan();
        ProvJsonScanner.scan(in, true, scan);
        if (scan.unparsable) {
            return v.problems;
        }
        v.document(scan);
        if (v.problems.isEmpty()) {
            ProvFormatException refusal = scan.readerRefusal();
            if (refusal != null) {
                String m = refusal.getMessage().replaceFirst("^line \\d+, column \\d+: ", "");
                v.add(Code.UNREADABLE, refusal.line(), refusal.column(), "the reader refuses it: " + m);
            }
        }
        return v.problems;
    }

    /** Validates what {@link ProvJsonWriter} writes for {@code doc}. */
    public static List<Problem> validate(Document doc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ProvJsonWriter.compact().write(doc, out);
            return validate(new ByteArrayInputStream(out.toByteArray()), "document");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void add(Code code, long line, long column, String message) {
        problems.add(new Problem(code, source, line, column, message));
    }

    /** A prefix as declared, with its place. */
    private record PrefixDecl(String prefix, String iri, long line, long column) {}

    /** What one scope (the top level or one bundle) holds as written. */
    private static final class Written {
        final long line;
        final long column;
        final List<PrefixDecl> prefixes = new ArrayList<>();
        final List<ScannedRecord> records = new ArrayList<>();

        Written(long line, long column) {
            this.line = line;
            this.column = column;
        }
    }

    /**
     * Collects the scan for the rules and feeds the same events to the reader, remembering its first refusal.
     * Structural issues become problems at once.
     */
    private final class Scan implements ProvJsonScanner.Handler {
        final Written top = new Written(1, 1);
        final Map<String, Written> bundles = new LinkedHashMap<>();
        final ProvJsonReader.DocumentHandler reader = ProvJsonReader.handler();
        ProvFormatException refusal;
        boolean unparsable;

        private Written scope(String bundle) {
            return bundle == null ? top : bundles.computeIfAbsent(bundle, k -> new Written(-1, -1));
        }

        @Override
        public void prefix(String bundle, String prefix, String iri, long line, long column) {
            scope(bundle).prefixes.add(new PrefixDecl(prefix, iri, line, column));
            if (refusal == null) {
                try {
                    reader.prefix(bundle, prefix, iri, line, column);
                } catch (ProvFormatException e) {
                    refusal = e;
                }
            }
        }

        @Override
        public void prefixesEnd(String bundle, boolean leading) {
            if (refusal == null) {
                try {
                    reader.prefixesEnd(bundle, leading);
                } catch (ProvFormatException e) {
                    refusal = e;
                }
            }
        }

        @Override
        public void bundle(String id, long line, long column) {
            bundles.putIfAbsent(id, new Written(line, column));
            if (refusal == null) {
                reader.bundle(id, line, column);
            }
        }

        @Override
        public void record(String bundle, ScannedRecord record) {
            scope(bundle).records.add(record);
            if (refusal == null) {
                try {
                    reader.record(bundle, record);
                } catch (ProvFormatException e) {
                    refusal = e;
                }
            }
        }

        @Override
        public void issue(ProvJsonScanner.Issue issue, boolean refused, long line, long column, String message) {
            add(Code.valueOf(issue.name()), line, column, message);
            if (issue == ProvJsonScanner.Issue.MALFORMED_JSON || issue == ProvJsonScanner.Issue.NOT_AN_OBJECT) {
                unparsable = true;
            }
        }

        ProvFormatException readerRefusal() {
            if (refusal == null) {
                try {
                    reader.document();
                } catch (ProvFormatException e) {
                    refusal = e;
                }
            }
            return refusal;
        }
    }

    /** One scope: the document's top level or one bundle. */
    private final class Scope {
        final Map<String, String> prefixes;
        final Map<String, ElementKind> elements = new HashMap<>();
        final Map<String, ScannedRecord> elementRecords = new HashMap<>();
        final Map<String, RecordKind> relationIds = new HashMap<>();
        final Map<String, Instant[]> activityTimes = new HashMap<>();
        final Map<String, Instant> generationTimes = new HashMap<>();
        final Map<String, List<String>> derivations = new LinkedHashMap<>();
        int records;

        Scope(Map<String, String> prefixes) {
            this.prefixes = prefixes;
        }
    }

    private void document(Scan scan) {
        Map<String, String> top = new LinkedHashMap<>();
        int records = scope(scan.top, top, Map.of());
        for (Map.Entry<String, Written> b : scan.bundles.entrySet()) {
            Written w = b.getValue();
            Scope names = new Scope(top);
            checkName(names, b.getKey(), w.line, w.column, "bundle id");
            records += scope(w, new LinkedHashMap<>(top), top);
        }
        if (records == 0) {
            add(Code.EMPTY_DOCUMENT, 1, 1, "the document has no records; a PROV-JSON document needs at least one");
        }
    }

    /** Checks one document body or bundle; returns its record count. {@code prefixes} receives its bindings. */
    private int scope(Written w, Map<String, String> prefixes, Map<String, String> inherited) {
        prefixes(w.prefixes, prefixes, inherited);
        Scope s = new Scope(prefixes);
        // Every id first, so references can be checked in any order.
        for (ScannedRecord r : w.records) {
            declareId(s, r);
        }
        // Elements before relations, kinds in one fixed order: no verdict may depend on the order of sections in the
        // file.
        List<ScannedRecord> ordered = new ArrayList<>(w.records);
        ordered.sort(Comparator.comparing((ScannedRecord r) -> !r.kind().isElement())
                .thenComparing(r -> r.kind().ordinal()));
        for (ScannedRecord r : ordered) {
            record(s, r);
        }
        checkDerivationCycles(s);
        return s.records;
    }

    private void prefixes(List<PrefixDecl> decls, Map<String, String> out, Map<String, String> inherited) {
        for (PrefixDecl d : decls) {
            String p = d.prefix();
            String iri = d.iri();
            if (!p.equals(Namespace.DEFAULT_PREFIX) && !Namespace.isValidPrefix(p)) {
                add(
                        Code.BAD_PREFIX,
                        d.line(),
                        d.column(),
                        "prefix name '" + p
                                + "' is not a simple name (letters, digits, _ - ., starting with a letter)");
            }
            if ((p.equals("prov") && !iri.equals(Namespace.PROV.uri()))
                    || (p.equals("xsd") && !iri.equals(Namespace.XSD.uri()))) {
                add(
                        Code.REBOUND_PREFIX,
                        d.line(),
                        d.column(),
                        "prefix '" + p + "' is predefined and must not be rebound (found <" + iri + ">)");
            }
            String old = inherited.get(p);
            if (old != null && !old.equals(iri)) {
                add(
                        Code.REBOUND_PREFIX,
                        d.line(),
                        d.column(),
                        "prefix '" + p + "' is bound to <" + old + "> in the document and to <" + iri
                                + "> here; use one IRI per prefix");
            }
            out.put(p, iri);
        }
    }

    private void declareId(Scope s, ScannedRecord r) {
        RecordKind kind = r.kind();
        String id = r.key();
        if (kind.isElement()) {
            ElementKind prev = s.elements.putIfAbsent(id, kind.elementKind());
            if (prev != null && prev != kind.elementKind()) {
                add(
                        Code.ID_KIND_CONFLICT,
                        r.line(),
                        r.column(),
                        "identifier '" + id + "' names both an " + prev.name().toLowerCase() + " and an "
                                + kind.jsonName() + "; one identifier names one kind of thing");
            }
            s.elementRecords.putIfAbsent(id, r);
        } else if (!id.startsWith("_:")) {
            RecordKind prev = s.relationIds.putIfAbsent(id, kind);
            if (prev != null && prev != kind) {
                add(
                        Code.ID_KIND_CONFLICT,
                        r.line(),
                        r.column(),
                        "relation identifier '" + id + "' is used by " + prev.jsonName() + " and " + kind.jsonName());
            }
        }
    }

    private void record(Scope s, ScannedRecord r) {
        s.records++;
        if (r.broken()) {
            return; // its shape was reported by the scan
        }
        RecordKind kind = r.kind();
        String id = r.key();
        String where = r.where();
        if (kind.isElement() || !id.startsWith("_:")) {
            checkName(s, id, r.line(), r.column(), where + " identifier");
            if (!kind.isElement() && s.elements.containsKey(id)) {
                add(
                        Code.ID_KIND_CONFLICT,
                        r.line(),
                        r.column(),
                        "relation identifier '" + id + "' also names an element");
            }
        }
        Map<Formal, String> formals = new EnumMap<>(Formal.class);
        List<Formal> fs = kind.formals();
        for (int i = 0; i < fs.size(); i++) {
            Formal f = fs.get(i);
            String name = f.qualifiedName().text();
            if (!r.hasFormal(i)) {
                if (kind.isRequired(f)) {
                    add(Code.MISSING_ARGUMENT, r.line(), r.column(), where + " lacks the required " + name);
                }
                continue;
            }
            if (kind == RecordKind.HAD_MEMBER && f == Formal.ENTITY && r.members() != null) {
                for (int m = 0; m < r.members().size(); m++) {
                    reference(s, where, f, r.members().get(m), r.memberLine(m), r.memberColumn(m));
                }
                continue;
            }
            String v = r.formal(i);
            if (v == null) {
                continue; // a wrong shape, reported by the scan
            }
            formals.put(f, v);
            if (f.isTime()) {
                if (!Times.isValid(v)) {
                    add(
                            Code.MALFORMED_TIME,
                            r.formalLine(i),
                            r.formalColumn(i),
                            where + ": " + name + " '" + v
                                    + "' is not an xsd:dateTime with T, seconds and a zone, such as 2025-03-01T10:15:30Z");
                }
            } else {
                reference(s, where, f, v, r.formalLine(i), r.formalColumn(i));
            }
        }
        if ((formals.containsKey(Formal.GENERATION) || formals.containsKey(Formal.USAGE))
                && !formals.containsKey(Formal.ACTIVITY)) {
            add(
                    Code.MISSING_ARGUMENT,
                    r.line(),
                    r.column(),
                    where + ": prov:generation and prov:usage need prov:activity");
        }
        String previous = null;
        for (int i = 0; i < r.attributeCount(); i++) {
            String name = r.attributeName(i);
            if (!name.equals(previous)) {
                attributeName(s, where, name, r.valueLine(i), r.valueColumn(i));
                previous = name;
            }
            ScannedValue v = r.value(i);
            if (v.shape() == ScannedValue.Shape.LITERAL) {
                literal(s, where, name, v, r.valueLine(i), r.valueColumn(i));
            }
        }
        timing(s, kind, id, where, formals, r);
    }

    private static boolean isFormalName(RecordKind kind, String name) {
        for (Formal f : kind.formals()) {
            if (f.qualifiedName().text().equals(name)
                    || (kind == RecordKind.ACTIVITY && f.isTime() && alias(f).equals(name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The PROV-O spelling of an activity's time ({@code prov:startedAtTime}, {@code prov:endedAtTime}): yProv's own
     * validator accepts it, and so does the reader (as {@code prov:startTime} / {@code prov:endTime}), so the rules
     * treat it the same way.
     */
    private static String alias(Formal f) {
        return f == Formal.START_TIME ? "prov:startedAtTime" : "prov:endedAtTime";
    }

    private void reference(Scope s, String where, Formal f, String ref, long line, long column) {
        if (!checkName(s, ref, line, column, where + " " + f.qualifiedName())) {
            return;
        }
        if (f == Formal.GENERATION || f == Formal.USAGE) {
            RecordKind expected = f == Formal.GENERATION ? RecordKind.WAS_GENERATED_BY : RecordKind.USED;
            RecordKind actual = s.relationIds.get(ref);
            if (actual == null) {
                add(
                        Code.DANGLING_REFERENCE,
                        line,
                        column,
                        where + ": " + f.qualifiedName() + " '" + ref + "' names no " + expected.jsonName()
                                + " record with that identifier in this document");
            } else if (actual != expected) {
                add(
                        Code.WRONG_KIND,
                        line,
                        column,
                        where + ": " + f.qualifiedName() + " '" + ref + "' is a " + actual.jsonName() + ", expected a "
                                + expected.jsonName());
            }
            return;
        }
        ElementKind actual = s.elements.get(ref);
        ElementKind expected = f.target();
        if (actual == null) {
            add(
                    Code.DANGLING_REFERENCE,
                    line,
                    column,
                    where + ": " + f.qualifiedName() + " '" + ref
                            + "' is not described in this document"
                            + (expected == null
                                    ? ""
                                    : "; add an " + expected.name().toLowerCase()
                                            + " with that identifier or fix the reference"));
        } else if (expected != null && actual != expected) {
            add(
                    Code.WRONG_KIND,
                    line,
                    column,
                    where + ": " + f.qualifiedName() + " '" + ref + "' is an "
                            + actual.name().toLowerCase() + ", expected an "
                            + expected.name().toLowerCase());
        }
    }

    /** Checks a qualified name's form and prefix; returns false when it cannot be resolved. */
    private boolean checkName(Scope s, String name, long line, long column, String what) {
        if (name.contains("://") || name.startsWith("urn:") && !s.prefixes.containsKey("urn")) {
            add(
                    Code.BAD_IDENTIFIER,
                    line,
                    column,
                    what + " '" + name + "' is a full IRI; write prefix:local with a declared prefix");
            return false;
        }
        int colon = name.indexOf(':');
        if (colon < 0) {
            if (!s.prefixes.containsKey(Namespace.DEFAULT_PREFIX)) {
                add(
                        Code.UNDECLARED_PREFIX,
                        line,
                        column,
                        what + " '" + name + "' has no prefix and no default namespace is declared");
                return false;
            }
            return true;
        }
        String prefix = name.substring(0, colon);
        if (prefix.equals("_")) {
            add(
                    Code.BAD_IDENTIFIER,
                    line,
                    column,
                    what + " '" + name + "' is a blank label; only relation keys may be blank");
            return false;
        }
        if (!s.prefixes.containsKey(prefix) && !prefix.equals("prov") && !prefix.equals("xsd")) {
            add(
                    Code.UNDECLARED_PREFIX,
                    line,
                    column,
                    what + " '" + name + "' uses prefix '" + prefix + "', which is not declared; add it to \"prefix\"");
            return false;
        }
        return true;
    }

    private void attributeName(Scope s, String where, String name, long line, long column) {
        if (name.startsWith("prov:") && !PROV_ATTRIBUTES.contains(name)) {
            add(
                    Code.UNKNOWN_PROV_ATTRIBUTE,
                    line,
                    column,
                    where + ": '" + name
                            + "' is not a PROV attribute (only prov:type, label, location, role, value); use your own namespace");
        } else {
            checkName(s, name, line, column, where + " attribute name");
        }
    }

    private void literal(Scope s, String where, String name, ScannedValue v, long line, long column) {
        String type = v.type();
        if (type == null) {
            return;
        }
        if (!checkName(s, type, v.typeLine(), v.typeColumn(), where + ": attribute " + name + " datatype")) {
            return;
        }
        String problem = LexicalForms.check(type, v.lexical());
        if (problem != null) {
            add(Code.BAD_LITERAL, line, column, where + ": attribute " + name + ": '" + v.lexical() + "' " + problem);
        } else if (type.equals("prov:QUALIFIED_NAME")) {
            checkName(s, v.lexical(), line, column, where + ": attribute " + name + " value");
        }
    }

    private void timing(Scope s, RecordKind kind, String id, String where, Map<Formal, String> f, ScannedRecord r) {
        switch (kind) {
            case ACTIVITY -> {
                Instant start = time(f.get(Formal.START_TIME));
                Instant end = time(f.get(Formal.END_TIME));
                s.activityTimes.put(id, new Instant[] {start, end});
                if (start != null && end != null && start.isAfter(end)) {
                    add(
                            Code.START_AFTER_END,
                            r.line(),
                            r.column(),
                            where + " starts (" + f.get(Formal.START_TIME) + ") after it ends ("
                                    + f.get(Formal.END_TIME) + ")");
                }
            }
            case WAS_GENERATED_BY -> {
                String e = f.get(Formal.ENTITY);
                if (e != null) {
                    if (s.generationTimes.containsKey(e)) {
                        add(
                                Code.MULTIPLE_GENERATIONS,
                                r.line(),
                                r.column(),
                                where + ": entity '" + e
                                        + "' is generated twice; a rewritten file or model is a new entity (new id, linked with wasDerivedFrom)");
                    }
                    s.generationTimes.put(e, time(f.get(Formal.TIME)));
                }
                eventWithin(s, where, f.get(Formal.ACTIVITY), f.get(Formal.TIME), r);
            }
            case USED, WAS_INVALIDATED_BY, WAS_STARTED_BY, WAS_ENDED_BY ->
                eventWithin(s, where, f.get(Formal.ACTIVITY), f.get(Formal.TIME), r);
            case WAS_DERIVED_FROM -> {
                String g = f.get(Formal.GENERATED_ENTITY);
                String u = f.get(Formal.USED_ENTITY);
                if (g != null && u != null) {
                    s.derivations.computeIfAbsent(g, k -> new ArrayList<>()).add(u);
                }
            }
            default -> {}
        }
    }

    /** Activity times are collected in section order (activity comes first), so the check sees them. */
    private void eventWithin(Scope s, String where, String activity, String timeText, ScannedRecord r) {
        Instant t = time(timeText);
        if (activity == null || t == null) {
            return;
        }
        Instant[] window = s.activityTimes.get(activity);
        if (window == null) {
            return;
        }
        if ((window[0] != null && t.isBefore(window[0])) || (window[1] != null && t.isAfter(window[1]))) {
            add(
                    Code.TIME_OUTSIDE_ACTIVITY,
                    r.line(),
                    r.column(),
                    where + ": time " + timeText + " lies outside activity '" + activity + "' (" + window[0] + " to "
                            + window[1] + ")");
        }
    }

    private void checkDerivationCycles(Scope s) {
        Map<String, Integer> state = new HashMap<>();
        Set<String> reported = new HashSet<>();
        for (String start : s.derivations.keySet()) {
            if (state.getOrDefault(start, 0) == 0) {
                dfs(s, start, state, reported);
            }
        }
    }

    private void dfs(Scope s, String node, Map<String, Integer> state, Set<String> reported) {
        // Iterative depth-first search: 1 = on the stack, 2 = done.
        List<Object[]> stack = new ArrayList<>();
        state.put(node, 1);
        stack.add(new Object[] {node, 0});
        while (!stack.isEmpty()) {
            Object[] top = stack.get(stack.size() - 1);
            String n = (String) top[0];
            List<String> next = s.derivations.getOrDefault(n, List.of());
            int i = (Integer) top[1];
            if (i >= next.size()) {
                state.put(n, 2);
                stack.remove(stack.size() - 1);
                continue;
            }
            top[1] = i + 1;
            String m = next.get(i);
            int st = state.getOrDefault(m, 0);
            if (st == 1) {
                if (reported.add(m)) {
                    add(
                            Code.DERIVATION_CYCLE,
                            lineOf(s, m),
                            columnOf(s, m),
                            m.equals(n)
                                    ? "entity '" + m + "' is derived from itself"
                                    : "derivations form a cycle through entity '" + m + "'");
                }
            } else if (st == 0) {
                state.put(m, 1);
                stack.add(new Object[] {m, 0});
            }
        }
    }

    private static long lineOf(Scope s, String element) {
        ScannedRecord r = s.elementRecords.get(element);
        return r == null ? -1 : r.line();
    }

    private static long columnOf(Scope s, String element) {
        ScannedRecord r = s.elementRecords.get(element);
        return r == null ? -1 : r.column();
    }

    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Times.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
