package dev.meshguard.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON and YAML into Jackson's tree nodes with the streaming parsers alone. Jackson's {@code ObjectMapper}
 * would do the same, but loading its data-binding machinery (several hundred classes) was the largest part of the
 * agent's start-up. Duplicate member names are errors; so is anything after a single JSON value.
 */
public final class JsonTrees {
    // Plain constructors, not builders: their defaults are the ones ObjectMapper had (an empty YAML document is null).
    private static final JsonFactory JSON = new JsonFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final JsonFactory YAML = new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** One JSON value and nothing after it; {@link MissingNode} for an input with no value at all. */
    public static JsonNode parse(byte[] json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            return single(p);
        }
    }

    /** As {@link #parse(byte[])}, from text. */
    public static JsonNode parse(String json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            return single(p);
        }
    }

    /** The documents of a YAML stream ({@code ---} separated) or of a JSON file (values one after another). */
    public static Documents documents(byte[] content, boolean yaml) throws IOException {
        return new Documents((yaml ? YAML : JSON).createParser(content));
    }

    /** Reads documents one at a time, so that an error can name the document it is in. */
    public static final class Documents implements AutoCloseable {
        private final JsonParser parser;

        Documents(JsonParser parser) {
            this.parser = parser;
        }

        /** The next document, or null after the last. */
        public JsonNode next() throws IOException {
            return parser.nextToken() == null ? null : value(parser);
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    /** The tree as plain Java values: maps (in member order), lists, strings, numbers, booleans and nulls. */
    public static Object toJava(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), toJava(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                out.add(toJava(element));
            }
            return out;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return null;
    }

    private static JsonNode single(JsonParser p) throws IOException {
        if (p.nextToken() == null) {
            return MissingNode.getInstance();
        }
        JsonNode value = value(p);
        if (p.nextToken() != null) {
            throw new JsonParseException(p, "trailing content after the JSON value");
        }
        return value;
    }

    /** The value starting at the parser's current token; leaves the parser on that value's last token. */
    private static JsonNode value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    object.set(name, value(p));
                }
                return object;
            case START_ARRAY:
                ArrayNode array = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(p));
                }
                return array;
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT: return NODES.numberNode(p.getIntValue());
                    case LONG: return NODES.numberNode(p.getLongValue());
                    default: return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonParseException(p, "unexpected " + t);
        }
    }
}
