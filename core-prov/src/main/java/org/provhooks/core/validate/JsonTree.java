package org.provhooks.core.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A minimal JSON tree that keeps each node's location and reports duplicate keys while it is built. */
final class JsonTree {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    enum Type {
        OBJECT,
        ARRAY,
        STRING,
        NUMBER,
        BOOLEAN,
        NULL
    }

    static final class Node {
        final Type type;
        final long line;
        final long column;
        String text;
        Map<String, Node> fields;
        List<Node> items;

        Node(Type type, JsonLocation loc) {
            this.type = type;
            this.line = loc.getLineNr();
            this.column = loc.getColumnNr();
        }

        boolean isObject() {
            return type == Type.OBJECT;
        }
    }

    /** A duplicate key: where and which. */
    record Duplicate(String key, long line, long column) {}

    private JsonTree() {}

    static JsonFactory factory() {
        return FACTORY;
    }

    /** Parses the whole input; duplicates are passed to {@code onDuplicate} (the last value wins). */
    static Node parse(JsonParser p, Consumer<Duplicate> onDuplicate) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new JsonParseException(p, "empty input");
        }
        Node root = node(p, t, onDuplicate);
        if (p.nextToken() != null) {
            throw new JsonParseException(p, "unexpected content after the end of the document");
        }
        return root;
    }

    private static Node node(JsonParser p, JsonToken t, Consumer<Duplicate> onDuplicate) throws IOException {
        JsonLocation loc = p.currentTokenLocation();
        switch (t) {
            case START_OBJECT: {
                Node n = new Node(Type.OBJECT, loc);
                n.fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation kl = p.currentTokenLocation();
                    Node v = node(p, p.nextToken(), onDuplicate);
                    if (n.fields.put(key, v) != null) {
                        onDuplicate.accept(new Duplicate(key, kl.getLineNr(), kl.getColumnNr()));
                    }
                }
                return n;
            }
            case START_ARRAY: {
                Node n = new Node(Type.ARRAY, loc);
                n.items = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    n.items.add(node(p, e, onDuplicate));
                }
                return n;
            }
            case VALUE_STRING: {
                Node n = new Node(Type.STRING, loc);
                n.text = p.getText();
                return n;
            }
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: {
                Node n = new Node(Type.NUMBER, loc);
                n.text = p.getText();
                return n;
            }
            case VALUE_TRUE:
            case VALUE_FALSE: {
                Node n = new Node(Type.BOOLEAN, loc);
                n.text = p.getText();
                return n;
            }
            case VALUE_NULL:
                return new Node(Type.NULL, loc);
            default:
                throw new JsonParseException(p, "unexpected token " + t);
        }
    }
}
