package org.provhooks.core.validate;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.provhooks.core.json.ProvFormatException;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.ElementKind;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.model.Times;
import org.provhooks.core.validate.JsonTree.Node;
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
     * Validates a stream. When no rule finds a problem, the document is also read with {@link ProvJsonReader}, the
     * reader every ProvHooks command uses: a document the reader refuses is never reported valid.
     */
    public static List<Problem> validate(InputStream in, String source) throws IOException {
        byte[] bytes = in.readAllBytes();
        List<Problem> problems = rules(new ByteArrayInputStream(bytes), source);
        if (problems.isEmpty()) {
            try {
                ProvJsonReader.read(new ByteArrayInputStream(bytes));
            } catch (ProvFormatException e) {
                String m = e.getMessage().replaceFirst("^line \\d+, column \\d+: ", "");
                return List.of(
                        new Problem(Code.UNREADABLE, source, e.line(), e.column(), "the reader refuses it: " + m));
            }
        }
        return problems;
    }

    private static List<Problem> rules(InputStream in, String source) throws IOException {
        Validator v = new Validator(source);
        try (JsonParser p = JsonTree.factory().createParser(in)) {
            Node root;
            try {
                root = JsonTree.parse(
                        p,
                        d -> v.add(
                                Code.DUPLICATE_KEY,
                                d.line(),
                                d.column(),
                                "key '" + d.key()
                                        + "' appears twice in one object (readers keep only the last); merge the two into one"));
            } catch (JsonParseException e) {
                long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
                long col = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
                v.add(Code.MALFORMED_JSON, line, col, "malformed JSON: " + e.getOriginalMessage());
                return v.problems;
            }
            v.document(root);
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

    private void add(Code code, Node at, String message) {
        add(code, at == null ? -1 : at.line, at == null ? -1 : at.column, message);
    }

    /** One scope: the document's top level or one bundle. */
    private final class Scope {
        final Map<String, String> prefixes;
        final Map<String, ElementKind> elements = new HashMap<>();
        final Map<String, Node> elementNodes = new HashMap<>();
        final Map<String, RecordKind> relationIds = new HashMap<>();
        final Map<String, Instant[]> activityTimes = new HashMap<>();
        final Map<String, Instant> generationTimes = new HashMap<>();
        final Map<String, List<String>> derivations = new LinkedHashMap<>();
        int records;

        Scope(Map<String, String> prefixes) {
            this.prefixes = prefixes;
        }
    }

    private void document(Node root) {
        if (!root.isObject()) {
            add(Code.NOT_AN_OBJECT, root, "a PROV-JSON document must be one JSON object");
            return;
        }
        int records = scope(root, new LinkedHashMap<>(), true);
        if (records == 0) {
            add(Code.EMPTY_DOCUMENT, root, "the document has no records; a PROV-JSON document needs at least one");
        }
    }

    /** Checks one document body or bundle; returns its record count (bundles included). */
    private int scope(Node body, Map<String, String> inherited, boolean topLevel) {
        Map<String, String> prefixes = new LinkedHashMap<>(inherited);
        Node prefixNode = body.fields.get("prefix");
        if (prefixNode != null) {
            prefixes(prefixNode, prefixes, inherited);
        }
        Scope s = new Scope(prefixes);
        // First pass: sections and element ids, so references can be checked in any order.
        List<Map.Entry<RecordKind, Node>> sections = new ArrayList<>();
        for (Map.Entry<String, Node> e : body.fields.entrySet()) {
            String key = e.getKey();
            Node value = e.getValue();
            if (key.equals("prefix")) {
                continue;
            }
            if (key.equals("bundle")) {
                if (!topLevel) {
                    add(Code.UNKNOWN_SECTION, value, "bundles cannot be nested inside a bundle");
                }
                continue;
            }
            RecordKind kind = RecordKind.fromJsonName(key);
            if (kind == null) {
                add(
                        Code.UNKNOWN_SECTION,
                        value,
                        "unknown top-level key '" + key
                                + "'; allowed are prefix, bundle and the PROV record types (entity, activity, agent, used, …)");
                continue;
            }
            if (!value.isObject()) {
                add(Code.BAD_VALUE, value, "section '" + key + "' must be an object mapping identifiers to records");
                continue;
            }
            if (value.fields.isEmpty()) {
                add(Code.EMPTY_SECTION, value, "section '" + key + "' is empty; omit empty sections");
                continue;
            }
            sections.add(Map.entry(kind, value));
            for (Map.Entry<String, Node> r : value.fields.entrySet()) {
                declareId(s, kind, r.getKey(), r.getValue());
            }
        }
        // Elements before relations, kinds in one fixed order: no verdict may depend on the order of sections in the
        // file.
        sections.sort(Comparator.comparing(
                        (Map.Entry<RecordKind, Node> e) -> !e.getKey().isElement())
                .thenComparing(e -> e.getKey().ordinal()));
        for (Map.Entry<RecordKind, Node> sec : sections) {
            for (Map.Entry<String, Node> r : sec.getValue().fields.entrySet()) {
                Node rv = r.getValue();
                if (rv.type == JsonTree.Type.ARRAY) {
                    if (rv.items.isEmpty()) {
                        add(Code.BAD_VALUE, rv, sec.getKey().jsonName() + " '" + r.getKey() + "' is an empty array");
                    }
                    for (Node item : rv.items) {
                        record(s, sec.getKey(), r.getKey(), item);
                    }
                } else {
                    record(s, sec.getKey(), r.getKey(), rv);
                }
            }
        }
        checkDerivationCycles(s);
        int total = s.records;
        Node bundles = body.fields.get("bundle");
        if (topLevel && bundles != null) {
            if (!bundles.isObject()) {
                add(Code.BAD_VALUE, bundles, "'bundle' must be an object mapping bundle ids to bundles");
            } else {
                for (Map.Entry<String, Node> b : bundles.fields.entrySet()) {
                    checkName(s, b.getKey(), b.getValue(), "bundle id");
                    if (!b.getValue().isObject()) {
                        add(Code.BAD_VALUE, b.getValue(), "bundle '" + b.getKey() + "' must be an object");
                    } else {
                        total += scope(b.getValue(), prefixes, false);
                    }
                }
            }
        }
        return total;
    }

    private void prefixes(Node node, Map<String, String> out, Map<String, String> inherited) {
        if (!node.isObject()) {
            add(Code.BAD_VALUE, node, "'prefix' must be an object mapping prefix names to IRIs");
            return;
        }
        for (Map.Entry<String, Node> e : node.fields.entrySet()) {
            String p = e.getKey();
            Node v = e.getValue();
            if (v.type != JsonTree.Type.STRING) {
                add(Code.BAD_PREFIX, v, "prefix '" + p + "' must map to an IRI string");
                continue;
            }
            if (!p.equals(Namespace.DEFAULT_PREFIX) && !Namespace.isValidPrefix(p)) {
                add(
                        Code.BAD_PREFIX,
                        v,
                        "prefix name '" + p
                                + "' is not a simple name (letters, digits, _ - ., starting with a letter)");
            }
            if ((p.equals("prov") && !v.text.equals(Namespace.PROV.uri()))
                    || (p.equals("xsd") && !v.text.equals(Namespace.XSD.uri()))) {
                add(
                        Code.REBOUND_PREFIX,
                        v,
                        "prefix '" + p + "' is predefined and must not be rebound (found <" + v.text + ">)");
            }
            String old = inherited.get(p);
            if (old != null && !old.equals(v.text)) {
                add(
                        Code.REBOUND_PREFIX,
                        v,
                        "prefix '" + p + "' is bound to <" + old + "> in the document and to <" + v.text
                                + "> here; use one IRI per prefix");
            }
            out.put(p, v.text);
        }
    }

    private void declareId(Scope s, RecordKind kind, String id, Node at) {
        if (kind.isElement()) {
            ElementKind prev = s.elements.putIfAbsent(id, kind.elementKind());
            if (prev != null && prev != kind.elementKind()) {
                add(
                        Code.ID_KIND_CONFLICT,
                        at,
                        "identifier '" + id + "' names both an " + prev.name().toLowerCase() + " and an "
                                + kind.jsonName() + "; one identifier names one kind of thing");
            }
            s.elementNodes.putIfAbsent(id, at);
        } else if (!id.startsWith("_:")) {
            RecordKind prev = s.relationIds.putIfAbsent(id, kind);
            if (prev != null && prev != kind) {
                add(
                        Code.ID_KIND_CONFLICT,
                        at,
                        "relation identifier '" + id + "' is used by " + prev.jsonName() + " and " + kind.jsonName());
            }
        }
    }

    private void record(Scope s, RecordKind kind, String id, Node r) {
        s.records++;
        String where = kind.jsonName() + " '" + id + "'";
        if (!r.isObject()) {
            add(Code.BAD_VALUE, r, where + " must be an object of attributes");
            return;
        }
        if (kind.isElement() || !id.startsWith("_:")) {
            checkName(s, id, r, where + " identifier");
            if (!kind.isElement() && s.elements.containsKey(id)) {
                add(Code.ID_KIND_CONFLICT, r, "relation identifier '" + id + "' also names an element");
            }
        }
        Map<Formal, String> formals = new HashMap<>();
        for (Formal f : kind.formals()) {
            String name = f.qualifiedName().text();
            Node v = r.fields.get(name);
            if (v == null && kind == RecordKind.ACTIVITY && f.isTime()) {
                v = r.fields.get(alias(f));
            }
            if (v == null) {
                if (kind.isRequired(f)) {
                    add(Code.MISSING_ARGUMENT, r, where + " lacks the required " + name);
                }
                continue;
            }
            if (kind == RecordKind.HAD_MEMBER && f == Formal.ENTITY && v.type == JsonTree.Type.ARRAY) {
                for (Node m : v.items) {
                    if (m.type != JsonTree.Type.STRING) {
                        add(Code.BAD_ARGUMENT, m, where + ": members of prov:entity must be identifier strings");
                    } else {
                        reference(s, where, f, m.text, m);
                    }
                }
                continue;
            }
            if (v.type != JsonTree.Type.STRING) {
                add(
                        Code.BAD_ARGUMENT,
                        v,
                        where + ": " + name + " must be one plain string (an identifier or a time), not "
                                + v.type.name().toLowerCase());
                continue;
            }
            formals.put(f, v.text);
            if (f.isTime()) {
                if (!Times.isValid(v.text)) {
                    add(
                            Code.MALFORMED_TIME,
                            v,
                            where + ": " + name + " '" + v.text
                                    + "' is not an xsd:dateTime with T, seconds and a zone, such as 2025-03-01T10:15:30Z");
                }
            } else {
                reference(s, where, f, v.text, v);
            }
        }
        if ((formals.containsKey(Formal.GENERATION) || formals.containsKey(Formal.USAGE))
                && !formals.containsKey(Formal.ACTIVITY)) {
            add(Code.MISSING_ARGUMENT, r, where + ": prov:generation and prov:usage need prov:activity");
        }
        for (Map.Entry<String, Node> a : r.fields.entrySet()) {
            String name = a.getKey();
            if (isFormalName(kind, name)) {
                continue;
            }
            attribute(s, where, name, a.getValue());
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

    private void reference(Scope s, String where, Formal f, String ref, Node at) {
        if (!checkName(s, ref, at, where + " " + f.qualifiedName())) {
            return;
        }
        if (f == Formal.GENERATION || f == Formal.USAGE) {
            RecordKind expected = f == Formal.GENERATION ? RecordKind.WAS_GENERATED_BY : RecordKind.USED;
            RecordKind actual = s.relationIds.get(ref);
            if (actual == null) {
                add(
                        Code.DANGLING_REFERENCE,
                        at,
                        where + ": " + f.qualifiedName() + " '" + ref + "' names no " + expected.jsonName()
                                + " record with that identifier in this document");
            } else if (actual != expected) {
                add(
                        Code.WRONG_KIND,
                        at,
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
                    at,
                    where + ": " + f.qualifiedName() + " '" + ref
                            + "' is not described in this document"
                            + (expected == null
                                    ? ""
                                    : "; add an " + expected.name().toLowerCase()
                                            + " with that identifier or fix the reference"));
        } else if (expected != null && actual != expected) {
            add(
                    Code.WRONG_KIND,
                    at,
                    where + ": " + f.qualifiedName() + " '" + ref + "' is an "
                            + actual.name().toLowerCase() + ", expected an "
                            + expected.name().toLowerCase());
        }
    }

    /** Checks a qualified name's form and prefix; returns false when it cannot be resolved. */
    private boolean checkName(Scope s, String name, Node at, String what) {
        if (name.contains("://") || name.startsWith("urn:") && !s.prefixes.containsKey("urn")) {
            add(
                    Code.BAD_IDENTIFIER,
                    at,
                    what + " '" + name + "' is a full IRI; write prefix:local with a declared prefix");
            return false;
        }
        int colon = name.indexOf(':');
        if (colon < 0) {
            if (!s.prefixes.containsKey(Namespace.DEFAULT_PREFIX)) {
                add(
                        Code.UNDECLARED_PREFIX,
                        at,
                        what + " '" + name + "' has no prefix and no default namespace is declared");
                return false;
            }
            return true;
        }
        String prefix = name.substring(0, colon);
        if (prefix.equals("_")) {
            add(Code.BAD_IDENTIFIER, at, what + " '" + name + "' is a blank label; only relation keys may be blank");
            return false;
        }
        if (!s.prefixes.containsKey(prefix) && !prefix.equals("prov") && !prefix.equals("xsd")) {
            add(
                    Code.UNDECLARED_PREFIX,
                    at,
                    what + " '" + name + "' uses prefix '" + prefix + "', which is not declared; add it to \"prefix\"");
            return false;
        }
        return true;
    }

    private void attribute(Scope s, String where, String name, Node v) {
        if (name.startsWith("prov:") && !PROV_ATTRIBUTES.contains(name)) {
            add(
                    Code.UNKNOWN_PROV_ATTRIBUTE,
                    v,
                    where + ": '" + name
                            + "' is not a PROV attribute (only prov:type, label, location, role, value); use your own namespace");
        } else {
            checkName(s, name, v, where + " attribute name");
        }
        if (v.type == JsonTree.Type.ARRAY) {
            if (v.items.isEmpty()) {
                add(Code.BAD_VALUE, v, where + ": attribute " + name + " is an empty array; omit it");
            }
            for (Node item : v.items) {
                if (item.type == JsonTree.Type.ARRAY) {
                    add(Code.BAD_VALUE, item, where + ": attribute " + name + " has a nested array");
                } else {
                    value(s, where, name, item);
                }
            }
        } else {
            value(s, where, name, v);
        }
    }

    private void value(Scope s, String where, String name, Node v) {
        switch (v.type) {
            case NULL ->
                add(Code.BAD_VALUE, v, where + ": attribute " + name + " is null; omit attributes without a value");
            case OBJECT -> literal(s, where, name, v);
            default -> {}
        }
    }

    private void literal(Scope s, String where, String name, Node v) {
        Node lex = v.fields.get("$");
        Node type = v.fields.get("type");
        Node lang = v.fields.get("lang");
        for (String k : v.fields.keySet()) {
            if (!k.equals("$") && !k.equals("type") && !k.equals("lang")) {
                add(
                        Code.BAD_VALUE,
                        v,
                        where + ": attribute " + name
                                + ": a literal object holds only '$' with 'type' or 'lang', found '" + k + "'");
            }
        }
        if (lex == null
                || lex.type == JsonTree.Type.OBJECT
                || lex.type == JsonTree.Type.ARRAY
                || lex.type == JsonTree.Type.NULL) {
            add(
                    Code.BAD_VALUE,
                    v,
                    where + ": attribute " + name + ": a literal object needs '$' with the value's text");
            return;
        }
        if (type != null && lang != null) {
            add(Code.BAD_VALUE, v, where + ": attribute " + name + ": a literal has 'type' or 'lang', not both");
            return;
        }
        if (type == null) {
            return;
        }
        if (type.type != JsonTree.Type.STRING) {
            add(Code.BAD_VALUE, type, where + ": attribute " + name + ": 'type' must be a datatype name string");
            return;
        }
        if (!checkName(s, type.text, type, where + ": attribute " + name + " datatype")) {
            return;
        }
        String problem = LexicalForms.check(type.text, lex.text);
        if (problem != null) {
            add(Code.BAD_LITERAL, lex, where + ": attribute " + name + ": '" + lex.text + "' " + problem);
        } else if (type.text.equals("prov:QUALIFIED_NAME")) {
            checkName(s, lex.text, lex, where + ": attribute " + name + " value");
        }
    }

    private void timing(Scope s, RecordKind kind, String id, String where, Map<Formal, String> f, Node r) {
        switch (kind) {
            case ACTIVITY -> {
                Instant start = time(f.get(Formal.START_TIME));
                Instant end = time(f.get(Formal.END_TIME));
                s.activityTimes.put(id, new Instant[] {start, end});
                if (start != null && end != null && start.isAfter(end)) {
                    add(
                            Code.START_AFTER_END,
                            r,
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
                                r,
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
    private void eventWithin(Scope s, String where, String activity, String timeText, Node r) {
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
                    r,
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
                            s.elementNodes.get(m),
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
