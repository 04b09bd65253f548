package org.provhooks.core.model;

/** What a formal argument of a relation must refer to. */
public enum ElementKind {
    ENTITY,
    ACTIVITY,
    AGENT,
    TIME
}
