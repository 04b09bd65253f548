package org.provhooks.core.model;

/**
 * Entry point for building PROV records, and PROV's own terms.
 *
 * <!-- given: Instant t0, Instant t1 -->
 * <pre>{@code
 * Namespace ex = new Namespace("ex", "https://example.org/");
 * ProvRecord data = Prov.entity(ex.name("reads.fq")).label("reads.fq").build();
 * ProvRecord step = Prov.activity(ex.name("align")).start(t0).end(t1).build();
 * ProvRecord gen  = Prov.wasGeneratedBy(data.id(), step.id()).build();
 * }</pre>
 */
public final class Prov {
    public static final QualifiedName TYPE = Namespace.PROV.name("type");
    public static final QualifiedName LABEL = Namespace.PROV.name("label");
    public static final QualifiedName LOCATION = Namespace.PROV.name("location");
    public static final QualifiedName ROLE = Namespace.PROV.name("role");
    public static final QualifiedName VALUE = Namespace.PROV.name("value");

    public static final QualifiedName PERSON = Namespace.PROV.name("Person");
    public static final QualifiedName SOFTWARE_AGENT = Namespace.PROV.name("SoftwareAgent");
    public static final QualifiedName ORGANIZATION = Namespace.PROV.name("Organization");
    public static final QualifiedName PLAN = Namespace.PROV.name("Plan");
    public static final QualifiedName COLLECTION = Namespace.PROV.name("Collection");
    public static final QualifiedName BUNDLE = Namespace.PROV.name("Bundle");
    public static final QualifiedName REVISION = Namespace.PROV.name("Revision");
    public static final QualifiedName ENTITY_TYPE = Namespace.PROV.name("Entity");
    public static final QualifiedName ACTIVITY_TYPE = Namespace.PROV.name("Activity");
    public static final QualifiedName AGENT_TYPE = Namespace.PROV.name("Agent");

    private Prov() {}

    public static RecordBuilder record(RecordKind kind, QualifiedName id) {
        return new RecordBuilder(kind, id);
    }

    public static RecordBuilder entity(QualifiedName id) {
        return new RecordBuilder(RecordKind.ENTITY, id);
    }

    public static RecordBuilder activity(QualifiedName id) {
        return new RecordBuilder(RecordKind.ACTIVITY, id);
    }

    public static RecordBuilder agent(QualifiedName id) {
        return new RecordBuilder(RecordKind.AGENT, id);
    }

    public static RecordBuilder wasGeneratedBy(QualifiedName entity, QualifiedName activity) {
        return rel(RecordKind.WAS_GENERATED_BY).set(Formal.ENTITY, entity).set(Formal.ACTIVITY, activity);
    }

    public static RecordBuilder used(QualifiedName activity, QualifiedName entity) {
        return rel(RecordKind.USED).set(Formal.ACTIVITY, activity).set(Formal.ENTITY, entity);
    }

    public static RecordBuilder wasInformedBy(QualifiedName informed, QualifiedName informant) {
        return rel(RecordKind.WAS_INFORMED_BY).set(Formal.INFORMED, informed).set(Formal.INFORMANT, informant);
    }

    public static RecordBuilder wasStartedBy(QualifiedName activity) {
        return rel(RecordKind.WAS_STARTED_BY).set(Formal.ACTIVITY, activity);
    }

    public static RecordBuilder wasEndedBy(QualifiedName activity) {
        return rel(RecordKind.WAS_ENDED_BY).set(Formal.ACTIVITY, activity);
    }

    public static RecordBuilder wasInvalidatedBy(QualifiedName entity, QualifiedName activity) {
        return rel(RecordKind.WAS_INVALIDATED_BY).set(Formal.ENTITY, entity).set(Formal.ACTIVITY, activity);
    }

    public static RecordBuilder wasDerivedFrom(QualifiedName generated, QualifiedName used) {
        return rel(RecordKind.WAS_DERIVED_FROM)
                .set(Formal.GENERATED_ENTITY, generated)
                .set(Formal.USED_ENTITY, used);
    }

    public static RecordBuilder wasAttributedTo(QualifiedName entity, QualifiedName agent) {
        return rel(RecordKind.WAS_ATTRIBUTED_TO).set(Formal.ENTITY, entity).set(Formal.AGENT, agent);
    }

    public static RecordBuilder wasAssociatedWith(QualifiedName activity, QualifiedName agent) {
        return rel(RecordKind.WAS_ASSOCIATED_WITH)
                .set(Formal.ACTIVITY, activity)
                .set(Formal.AGENT, agent);
    }

    public static RecordBuilder actedOnBehalfOf(QualifiedName delegate, QualifiedName responsible) {
        return rel(RecordKind.ACTED_ON_BEHALF_OF).set(Formal.DELEGATE, delegate).set(Formal.RESPONSIBLE, responsible);
    }

    public static RecordBuilder wasInfluencedBy(QualifiedName influencee, QualifiedName influencer) {
        return rel(RecordKind.WAS_INFLUENCED_BY)
                .set(Formal.INFLUENCEE, influencee)
                .set(Formal.INFLUENCER, influencer);
    }

    public static RecordBuilder specializationOf(QualifiedName specific, QualifiedName general) {
        return rel(RecordKind.SPECIALIZATION_OF)
                .set(Formal.SPECIFIC_ENTITY, specific)
                .set(Formal.GENERAL_ENTITY, general);
    }

    public static RecordBuilder alternateOf(QualifiedName alternate1, QualifiedName alternate2) {
        return rel(RecordKind.ALTERNATE_OF).set(Formal.ALTERNATE1, alternate1).set(Formal.ALTERNATE2, alternate2);
    }

    public static RecordBuilder mentionOf(QualifiedName specific, QualifiedName general, QualifiedName bundle) {
        return rel(RecordKind.MENTION_OF)
                .set(Formal.SPECIFIC_ENTITY, specific)
                .set(Formal.GENERAL_ENTITY, general)
                .set(Formal.BUNDLE, bundle);
    }

    public static RecordBuilder hadMember(QualifiedName collection, QualifiedName entity) {
        return rel(RecordKind.HAD_MEMBER).set(Formal.COLLECTION, collection).set(Formal.ENTITY, entity);
    }

    private static RecordBuilder rel(RecordKind kind) {
        return new RecordBuilder(kind, null);
    }
}
