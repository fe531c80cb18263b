package dev.meshguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a parsed policy document with its field path, read strictly the way Kubernetes' schema validation
 * reads it: every accessor checks the type, and every problem becomes a {@link PolicyException} that names the
 * file, document, resource and field path.
 */
final class Node {
    private final JsonNode json;
    private final String path;
    private final String where;

    private Node(JsonNode json, String path, String where) {
        this.json = json;
        this.path = path;
        this.where = where;
    }

    /** The root of a document; {@code where} prefixes every error, e.g. {@code a.yaml doc 0 AuthorizationPolicy ns/x}. */
    static Node root(JsonNode json, String where) {
        return new Node(json, "", where);
    }

    /** The same node, with errors attributed to a (now known) resource. */
    Node within(String newWhere) {
        return new Node(json, path, newWhere);
    }

    boolean present() {
        return json != null && !json.isMissingNode() && !json.isNull();
    }

    /** This node, or an empty object in its place when absent (a resource without {@code spec}). */
    Node orEmptyObject() {
        return present() ? this : new Node(JsonNodeFactory.instance.objectNode(), path, where);
    }

    Node field(String name) {
        return new Node(json == null ? null : json.get(name), path.isEmpty() ? name : path + "." + name, where);
    }

    PolicyException error(String problem) {
        return new PolicyException(where + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    /** Requires an object whose field names are all in {@code allowed}. */
    Node object(String... allowed) throws PolicyException {
        if (!json.isObject()) {
            throw error("must be an object");
        }
        List<String> known = Arrays.asList(allowed);
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw field(name).error("unknown field");
            }
        }
        return this;
    }

    /** A string, or null when absent. */
    String text() throws PolicyException {
        if (!present()) {
            return null;
        }
        if (!json.isTextual()) {
            throw error("must be a string");
        }
        return json.textValue();
    }

    /** A non-empty string. */
    String requiredText() throws PolicyException {
        String s = text();
        if (s == null) {
            throw error("is required");
        }
        if (s.isEmpty()) {
            throw error("must not be empty");
        }
        return s;
    }

    boolean bool() throws PolicyException {
        if (!present()) {
            return false;
        }
        if (!json.isBoolean()) {
            throw error("must be true or false");
        }
        return json.booleanValue();
    }

    /** The elements of a list; empty when absent. */
    List<Node> items() throws PolicyException {
        if (!present()) {
            return Collections.emptyList();
        }
        if (!json.isArray()) {
            throw error("must be a list");
        }
        List<Node> out = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            out.add(new Node(json.get(i), path + "[" + i + "]", where));
        }
        return out;
    }

    /** A list of strings; empty when absent. Elements must be non-empty when {@code nonEmpty}. */
    List<String> strings(boolean nonEmpty) throws PolicyException {
        List<String> out = new ArrayList<>();
        for (Node item : items()) {
            String s = item.text();
            if (s == null) {
                throw item.error("must be a string");
            }
            if (nonEmpty && s.isEmpty()) {
                throw item.error("must not be empty");
            }
            out.add(s);
        }
        return out;
    }

    /** A list of strings; empty when absent. An empty element is an error saying {@code emptyMessage}. */
    List<String> strings(String emptyMessage) throws PolicyException {
        List<String> out = strings(false);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).isEmpty()) {
                throw items().get(i).error(emptyMessage);
            }
        }
        return out;
    }

    /** A map of string to string; empty when absent. */
    Map<String, String> stringMap() throws PolicyException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!present()) {
            return out;
        }
        if (!json.isObject()) {
            throw error("must be an object");
        }
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String value = field(e.getKey()).text();
            out.put(e.getKey(), value == null ? "" : value);
        }
        return out;
    }
}
