package org.provhooks.core.model;

/** The formal (fixed) arguments of PROV records, with their PROV-JSON names and what they refer to. */
public enum Formal {
    ENTITY("entity", ElementKind.ENTITY),
    ACTIVITY("activity", ElementKind.ACTIVITY),
    AGENT("agent", ElementKind.AGENT),
    TIME("time", ElementKind.TIME),
    START_TIME("startTime", ElementKind.TIME),
    END_TIME("endTime", ElementKind.TIME),
    INFORMED("informed", ElementKind.ACTIVITY),
    INFORMANT("informant", ElementKind.ACTIVITY),
    TRIGGER("trigger", ElementKind.ENTITY),
    STARTER("starter", ElementKind.ACTIVITY),
    ENDER("ender", ElementKind.ACTIVITY),
    GENERATED_ENTITY("generatedEntity", ElementKind.ENTITY),
    USED_ENTITY("usedEntity", ElementKind.ENTITY),
    /** Refers to a wasGeneratedBy record by id, not to an element. */
    GENERATION("generation", null),
    /** Refers to a used record by id, not to an element. */
    USAGE("usage", null),
    PLAN("plan", ElementKind.ENTITY),
    DELEGATE("delegate", ElementKind.AGENT),
    RESPONSIBLE("responsible", ElementKind.AGENT),
    /** Influence may involve any element kind. */
    INFLUENCEE("influencee", null),
    INFLUENCER("influencer", null),
    SPECIFIC_ENTITY("specificEntity", ElementKind.ENTITY),
    GENERAL_ENTITY("generalEntity", ElementKind.ENTITY),
    ALTERNATE1("alternate1", ElementKind.ENTITY),
    ALTERNATE2("alternate2", ElementKind.ENTITY),
    BUNDLE("bundle", ElementKind.ENTITY),
    COLLECTION("collection", ElementKind.ENTITY);

    private final QualifiedName name;
    private final ElementKind target;

    Formal(String local, ElementKind target) {
        this.name = Namespace.PROV.name(local);
        this.target = target;
    }

    /** The attribute name in PROV-JSON, e.g. {@code prov:entity}. */
    public QualifiedName qualifiedName() {
        return name;
    }

    /** What the argument refers to; {@code null} when any element (or a relation) is allowed. */
    public ElementKind target() {
        return target;
    }

    public boolean isTime() {
        return target == ElementKind.TIME;
    }
}
