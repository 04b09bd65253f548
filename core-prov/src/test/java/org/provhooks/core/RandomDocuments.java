package org.provhooks.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.DocumentAssembler;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordBuilder;

/** Seeded random documents that use every record kind, literal type and naming feature, and follow the rules. */
public final class RandomDocuments {
    private static final String[] TEXT = {
        "plain", "with \"quotes\"", "üñíçødé ✓", "line\nbreak", "back\\slash", "", "a/b:c"
    };

    private RandomDocuments() {}

    public static Document generate(long seed) {
        Random r = new Random(seed);
        Namespace ex = new Namespace("ex", "https://example.org/" + seed + "/");
        Namespace other = new Namespace("other", "urn:uuid:" + seed + "-");
        Namespace dflt = new Namespace(Namespace.DEFAULT_PREFIX, "https://default.example/");
        List<Namespace> spaces = r.nextBoolean() ? List.of(ex, other, dflt) : List.of(ex, other);
        DocumentAssembler a = new DocumentAssembler();
        body(a, r, spaces, "", true);
        if (r.nextInt(5) == 0) {
            DocumentAssembler b = new DocumentAssembler();
            body(b, r, List.of(ex), "b-", false);
            QualifiedName bundleId = ex.name("bundle-" + seed);
            a.add(Prov.entity(bundleId).type(Prov.BUNDLE));
            a.bundle(bundleId, b.build());
        }
        return a.build();
    }

    private static void body(DocumentAssembler a, Random r, List<Namespace> spaces, String p, boolean rich) {
        int nEnt = 1 + r.nextInt(8);
        int nAct = 1 + r.nextInt(5);
        int nAg = r.nextInt(3);
        List<QualifiedName> ents = new ArrayList<>();
        List<QualifiedName> acts = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        List<QualifiedName> ags = new ArrayList<>();
        for (int i = 0; i < nEnt; i++) {
            QualifiedName id = pick(r, spaces).name(p + "e" + i + (r.nextBoolean() ? "/part.x~y" : ""));
            ents.add(id);
            a.add(attrs(Prov.entity(id), r, spaces));
        }
        for (int i = 0; i < nAct; i++) {
            QualifiedName id = pick(r, spaces).name(p + "a" + i);
            acts.add(id);
            RecordBuilder b = attrs(Prov.activity(id), r, spaces);
            Instant start = Instant.ofEpochSecond(1_700_000_000L + r.nextInt(1_000_000), r.nextInt(1000) * 1_000_000L);
            starts.add(start);
            if (r.nextInt(4) > 0) {
                b.start(start);
                if (r.nextBoolean()) {
                    b.end(start.plusMillis(r.nextInt(100_000)));
                }
            }
            a.add(b);
        }
        for (int i = 0; i < nAg; i++) {
            QualifiedName id = pick(r, spaces).name(p + "ag" + i);
            ags.add(id);
            a.add(attrs(Prov.agent(id), r, spaces).type(r.nextBoolean() ? Prov.PERSON : Prov.SOFTWARE_AGENT));
        }
        int rel = 0;
        // One generation per entity at most; derivations only from earlier to later entities (acyclic).
        for (int i = 0; i < ents.size(); i++) {
            if (r.nextBoolean()) {
                int ai = r.nextInt(acts.size());
                RecordBuilder g = Prov.wasGeneratedBy(ents.get(i), acts.get(ai));
                maybeId(g, r, spaces, p, rel++);
                a.add(attrs(g, r, spaces));
            }
            if (i > 0 && r.nextBoolean()) {
                a.add(attrs(Prov.wasDerivedFrom(ents.get(i), ents.get(r.nextInt(i))), r, spaces));
            }
        }
        for (int k = 0; k < r.nextInt(6); k++) {
            a.add(attrs(Prov.used(acts.get(r.nextInt(acts.size())), ents.get(r.nextInt(ents.size()))), r, spaces));
        }
        if (acts.size() > 1) {
            a.add(Prov.wasInformedBy(acts.get(1), acts.get(0)));
        }
        if (!ags.isEmpty()) {
            QualifiedName ag = ags.get(0);
            a.add(Prov.wasAssociatedWith(acts.get(0), ag).set(Formal.PLAN, ents.get(0)));
            a.add(Prov.wasAttributedTo(ents.get(0), ag));
            if (ags.size() > 1) {
                a.add(Prov.actedOnBehalfOf(ags.get(1), ag).set(Formal.ACTIVITY, acts.get(0)));
            }
        }
        if (!rich) {
            return;
        }
        QualifiedName a0 = acts.get(0);
        Instant s0 = starts.get(0);
        a.add(Prov.wasStartedBy(a0).set(Formal.TRIGGER, ents.get(0)));
        a.add(Prov.wasEndedBy(a0).set(Formal.TRIGGER, ents.get(0)));
        if (ents.size() > 1) {
            a.add(Prov.specializationOf(ents.get(1), ents.get(0)));
            a.add(Prov.alternateOf(ents.get(0), ents.get(1)));
            a.add(Prov.hadMember(ents.get(0), ents.get(1)));
            a.add(Prov.wasInvalidatedBy(ents.get(1), a0));
        }
        a.add(Prov.wasInfluencedBy(a0, ents.get(0)));
        if (r.nextBoolean()) {
            // A derivation naming its generation and usage by id.
            QualifiedName gen = spaces.get(0).name(p + "gen-x");
            QualifiedName use = spaces.get(0).name(p + "use-x");
            QualifiedName derived = spaces.get(0).name(p + "derived-x");
            a.add(Prov.entity(derived));
            a.add(Prov.wasGeneratedBy(derived, a0).id(gen));
            a.add(Prov.used(a0, ents.get(0)).id(use));
            a.add(Prov.wasDerivedFrom(derived, ents.get(0))
                    .set(Formal.ACTIVITY, a0)
                    .set(Formal.GENERATION, gen)
                    .set(Formal.USAGE, use));
        }
        if (s0 != null && r.nextBoolean()) {
            QualifiedName timed = spaces.get(0).name(p + "timed");
            a.add(Prov.activity(timed).start(s0).end(s0.plusSeconds(60)));
            a.add(Prov.used(timed, ents.get(0)).time(s0.plusSeconds(1)));
        }
    }

    private static void maybeId(RecordBuilder b, Random r, List<Namespace> spaces, String p, int n) {
        if (r.nextInt(4) == 0) {
            b.id(spaces.get(0).name(p + "rel-" + n));
        }
    }

    private static Namespace pick(Random r, List<Namespace> spaces) {
        return spaces.get(r.nextInt(spaces.size()));
    }

    private static RecordBuilder attrs(RecordBuilder b, Random r, List<Namespace> spaces) {
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            QualifiedName name = pick(r, spaces).name("attr" + r.nextInt(4));
            b.attr(name, literal(r, spaces));
        }
        if (r.nextBoolean()) {
            b.label(TEXT[r.nextInt(TEXT.length)]);
        }
        if (r.nextInt(3) == 0) {
            b.type(pick(r, spaces).name("Type" + r.nextInt(3)));
        }
        return b;
    }

    static Literal literal(Random r, List<Namespace> spaces) {
        return switch (r.nextInt(9)) {
            case 0 -> Literal.of(TEXT[r.nextInt(TEXT.length)]);
            case 1 -> Literal.of(r.nextInt());
            case 2 -> Literal.of(r.nextLong());
            case 3 -> Literal.of(r.nextGaussian() * 1e6);
            case 4 -> Literal.of(r.nextBoolean());
            case 5 -> Literal.of(Instant.ofEpochMilli(1_600_000_000_000L + r.nextInt(Integer.MAX_VALUE)));
            case 6 -> Literal.qualifiedName(pick(r, spaces).name("v" + r.nextInt(10)));
            case 7 -> Literal.withLang("bonjour " + r.nextInt(5), r.nextBoolean() ? "fr" : "en-GB");
            default -> Literal.typed("https://example.org/x" + r.nextInt(9), Literal.XSD_ANY_URI);
        };
    }
}
