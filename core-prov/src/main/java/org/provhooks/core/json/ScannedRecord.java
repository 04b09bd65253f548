package org.provhooks.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import java.util.ArrayList;
import java.util.List;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.RecordKind;

/**
 * One PROV-JSON record as written, with its place in the file: its section, key, formal arguments as strings and
 * attributes with their values. Identifiers are not resolved yet; {@link ProvJsonReader} resolves them, the validator
 * checks them. Places of single values are kept by detailed scans only (0 otherwise).
 */
public final class ScannedRecord {
    private final RecordKind kind;
    private final String key;
    private final long line;
    private final long column;
    private final boolean broken;
    private final String[] formals;
    private final long[] formalPlaces;
    private int present;
    private final List<String> names = new ArrayList<>(4);
    private final List<ScannedValue> values = new ArrayList<>(4);
    private long[] valuePlaces = new long[4];
    /** Members of a hadMember record written as an array, else null. */
    private List<String> members;

    private List<Long> memberPlaces;

    ScannedRecord(RecordKind kind, String key, JsonLocation at) {
        this(kind, key, at, false);
    }

    private ScannedRecord(RecordKind kind, String key, JsonLocation at, boolean broken) {
        this.kind = kind;
        this.key = key;
        this.line = at.getLineNr();
        this.column = at.getColumnNr();
        this.broken = broken;
        this.formals = new String[kind.formals().size()];
        this.formalPlaces = new long[formals.length];
    }

    /** A record whose value was not an object: its key still names something, its content is unknown. */
    static ScannedRecord broken(RecordKind kind, String key, JsonLocation at) {
        return new ScannedRecord(kind, key, at, true);
    }

    static long pack(long line, long column) {
        return (line << 32) | (column & 0xffffffffL);
    }

    static long line(long place) {
        return place >>> 32;
    }

    static long column(long place) {
        return place & 0xffffffffL;
    }

    /** Index of {@code name} among the kind's formal arguments (activity times also under their PROV-O names), or -1. */
    static int formalIndex(RecordKind kind, String name) {
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

    void present(int formal) {
        present |= 1 << formal;
    }

    void setFormal(int formal, String value, long place) {
        formals[formal] = value;
        formalPlaces[formal] = place;
    }

    void addMember(String member, long place) {
        if (members == null) {
            members = new ArrayList<>();
            memberPlaces = new ArrayList<>();
        }
        members.add(member);
        memberPlaces.add(place);
    }

    void addAttribute(String name, ScannedValue value, long place) {
        if (names.size() == valuePlaces.length) {
            valuePlaces = java.util.Arrays.copyOf(valuePlaces, valuePlaces.length * 2);
        }
        valuePlaces[names.size()] = place;
        names.add(name);
        values.add(value);
    }

    public RecordKind kind() {
        return kind;
    }

    /** The record's key: its identifier, or a blank {@code _:} label for relations. */
    public String key() {
        return key;
    }

    public long line() {
        return line;
    }

    public long column() {
        return column;
    }

    /** The record's value was not an object (already reported); only its key is known. */
    public boolean broken() {
        return broken;
    }

    /** {@code kind + " 'key'"}, the way messages name a record. */
    public String where() {
        return kind.jsonName() + " '" + key + "'";
    }

    /** The formal argument at {@code index} of {@link RecordKind#formals()}, or null when absent or not a string. */
    public String formal(int index) {
        return formals[index];
    }

    /** Whether the formal argument was written at all (even with a wrong shape). */
    public boolean hasFormal(int index) {
        return (present & (1 << index)) != 0;
    }

    public long formalLine(int index) {
        return line(formalPlaces[index]);
    }

    public long formalColumn(int index) {
        return column(formalPlaces[index]);
    }

    /** hadMember's entities when written as an array, else null. */
    public List<String> members() {
        return members;
    }

    public long memberLine(int index) {
        return line(memberPlaces.get(index));
    }

    public long memberColumn(int index) {
        return column(memberPlaces.get(index));
    }

    /** Attribute values in file order; a name written with an array appears once per element. */
    public int attributeCount() {
        return names.size();
    }

    public String attributeName(int index) {
        return names.get(index);
    }

    public ScannedValue value(int index) {
        return values.get(index);
    }

    public long valueLine(int index) {
        return line(valuePlaces[index]);
    }

    public long valueColumn(int index) {
        return column(valuePlaces[index]);
    }
}
