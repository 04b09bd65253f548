package org.provhooks.core.model;

import java.util.List;

/**
 * The PROV-JSON record types, in the order they are written, each with its formal arguments
 * (the required ones first).
 */
public enum RecordKind {
    ENTITY("entity", 0),
    ACTIVITY("activity", 0, Formal.START_TIME, Formal.END_TIME),
    AGENT("agent", 0),
    WAS_GENERATED_BY("wasGeneratedBy", 1, Formal.ENTITY, Formal.ACTIVITY, Formal.TIME),
    USED("used", 1, Formal.ACTIVITY, Formal.ENTITY, Formal.TIME),
    WAS_INFORMED_BY("wasInformedBy", 2, Formal.INFORMED, Formal.INFORMANT),
    WAS_STARTED_BY("wasStartedBy", 1, Formal.ACTIVITY, Formal.TRIGGER, Formal.STARTER, Formal.TIME),
    WAS_ENDED_BY("wasEndedBy", 1, Formal.ACTIVITY, Formal.TRIGGER, Formal.ENDER, Formal.TIME),
    WAS_INVALIDATED_BY("wasInvalidatedBy", 1, Formal.ENTITY, Formal.ACTIVITY, Formal.TIME),
    WAS_DERIVED_FROM(
            "wasDerivedFrom",
            2,
            Formal.GENERATED_ENTITY,
            Formal.USED_ENTITY,
            Formal.ACTIVITY,
            Formal.GENERATION,
            Formal.USAGE),
    WAS_ATTRIBUTED_TO("wasAttributedTo", 2, Formal.ENTITY, Formal.AGENT),
    WAS_ASSOCIATED_WITH("wasAssociatedWith", 1, Formal.ACTIVITY, Formal.AGENT, Formal.PLAN),
    ACTED_ON_BEHALF_OF("actedOnBehalfOf", 2, Formal.DELEGATE, Formal.RESPONSIBLE, Formal.ACTIVITY),
    WAS_INFLUENCED_BY("wasInfluencedBy", 2, Formal.INFLUENCEE, Formal.INFLUENCER),
    SPECIALIZATION_OF("specializationOf", 2, Formal.SPECIFIC_ENTITY, Formal.GENERAL_ENTITY),
    ALTERNATE_OF("alternateOf", 2, Formal.ALTERNATE1, Formal.ALTERNATE2),
    MENTION_OF("mentionOf", 3, Formal.SPECIFIC_ENTITY, Formal.GENERAL_ENTITY, Formal.BUNDLE),
    HAD_MEMBER("hadMember", 2, Formal.COLLECTION, Formal.ENTITY);

    private static final RecordKind[] VALUES = values();
    private final String jsonName;
    private final int requiredCount;
    private final List<Formal> formals;

    RecordKind(String jsonName, int requiredCount, Formal... formals) {
        this.jsonName = jsonName;
        this.requiredCount = requiredCount;
        this.formals = List.of(formals);
    }

    /** The section name in PROV-JSON, e.g. {@code wasGeneratedBy}. */
    public String jsonName() {
        return jsonName;
    }

    /** Entity, activity or agent. */
    public boolean isElement() {
        return ordinal() <= AGENT.ordinal();
    }

    public List<Formal> formals() {
        return formals;
    }

    /** Position of {@code f} among this kind's formals, or -1. */
    public int indexOf(Formal f) {
        return formals.indexOf(f);
    }

    public boolean isRequired(Formal f) {
        int i = formals.indexOf(f);
        return i >= 0 && i < requiredCount;
    }

    /** The element kind matching this record kind, for entity, activity and agent; otherwise null. */
    public ElementKind elementKind() {
        return switch (this) {
            case ENTITY -> ElementKind.ENTITY;
            case ACTIVITY -> ElementKind.ACTIVITY;
            case AGENT -> ElementKind.AGENT;
            default -> null;
        };
    }

    /** The kind whose section is named {@code name}, or null. */
    public static RecordKind fromJsonName(String name) {
        for (RecordKind k : VALUES) {
            if (k.jsonName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
