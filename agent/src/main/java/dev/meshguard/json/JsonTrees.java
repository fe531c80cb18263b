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
 * Reads JSON and YAML into Jackson's tree nodes. The plain forms that tokens, key sets and policies use are read by
 * {@link PlainJson} and {@link PlainYaml}, which load no parser; anything else is read by Jackson's streaming parsers
 * (never its {@code ObjectMapper}, whose data-binding machinery is several hundred classes), which also report every
 * error. Duplicate member names are errors; so is anything after a single JSON value. With the system property
 * {@value #CROSS_CHECK_PROPERTY} set (the project's tests set it), every input the plain readers accept is read by
 * Jackson too and any difference throws.
 */
public final class JsonTrees {
    static final String CROSS_CHECK_PROPERTY = "meshguard.json.crossCheck";
    private static final boolean CROSS_CHECK = Boolean.getBoolean(CROSS_CHECK_PROPERTY);

    private JsonTrees() {
    }

    /** Jackson's factories and tree building, loaded only when an input is not plain. */
    static final class Jackson {
        // Plain constructors, not builders: their defaults are the ones ObjectMapper had (an empty YAML document is null).
        static final JsonFactory JSON = new JsonFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        static final JsonFactory YAML = new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        static final JsonNodeFactory NODES = JsonNodeFactory.instance;

        static JsonNode parse(byte[] json) throws IOException {
            try (JsonParser p = JSON.createParser(json)) {
                return single(p);
            }
        }

        static JsonNode parse(String json) throws IOException {
            try (JsonParser p = JSON.createParser(json)) {
                return single(p);
            }
        }

        static JsonParser parser(byte[] content, boolean yaml) throws IOException {
            return (yaml ? YAML : JSON).createParser(content);
        }

        static List<JsonNode> documents(byte[] yaml) throws IOException {
            List<JsonNode> all = new ArrayList<>();
            try (JsonParser p = YAML.createParser(yaml)) {
                while (p.nextToken() != null) {
                    all.add(value(p));
                }
            }
            return all;
        }

        static JsonNode single(JsonParser p) throws IOException {
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
        static JsonNode value(JsonParser p) throws IOException {
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

    /** One JSON value and nothing after it; {@link MissingNode} for an input with no value at all. */
    public static JsonNode parse(byte[] json) throws IOException {
        JsonNode plain = PlainJson.parse(json);
        if (plain != null && !CROSS_CHECK) {
            return plain;
        }
        return crossChecked(plain, () -> Jackson.parse(json));
    }

    /** As {@link #parse(byte[])}, from text. */
    public static JsonNode parse(String json) throws IOException {
        JsonNode plain = PlainJson.parse(json);
        if (plain != null && !CROSS_CHECK) {
            return plain;
        }
        return crossChecked(plain, () -> Jackson.parse(json));
    }

    /** The documents of a YAML stream ({@code ---} separated) or of a JSON file (values one after another). */
    public static Documents documents(byte[] content, boolean yaml) throws IOException {
        List<JsonNode> plain = yaml ? PlainYaml.documents(content) : null;
        if (plain == null) {
            return new Documents(null, Jackson.parser(content, yaml));
        }
        if (CROSS_CHECK) {
            List<JsonNode> read = crossChecked(plain, () -> Jackson.documents(content));
            for (int i = 0; i < Math.max(read.size(), plain.size()); i++) {
                crossChecked(i < plain.size() ? plain.get(i) : null, i < read.size() ? read.get(i) : null);
            }
        }
        return new Documents(plain.iterator(), null);
    }

    /** What Jackson reads, compared with what a plain reader read (when it did and the check is on). */
    private static <T> T crossChecked(Object plain, Read<T> jackson) throws IOException {
        T read;
        try {
            read = jackson.read();
        } catch (IOException | RuntimeException e) {
            if (plain == null) {
                throw e;
            }
            throw new IllegalStateException("Jackson refuses what a plain reader read: " + plain, e);
        }
        if (plain instanceof JsonNode) {
            crossChecked((JsonNode) plain, (JsonNode) read);
        }
        return read;
    }

    private static void crossChecked(JsonNode plain, JsonNode read) {
        if (plain == null || read == null || !same(plain, read)) {
            throw new IllegalStateException("a plain reader and Jackson read different trees: " + plain + " / " + read);
        }
    }

    /** Equal trees of the same node classes, with object members in the same order. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.getClass() != b.getClass() || a.size() != b.size()) {
            return false;
        }
        if (a.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> x = a.fields();
            Iterator<Map.Entry<String, JsonNode>> y = b.fields();
            while (x.hasNext()) {
                Map.Entry<String, JsonNode> e = x.next();
                Map.Entry<String, JsonNode> f = y.next();
                if (!e.getKey().equals(f.getKey()) || !same(e.getValue(), f.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private interface Read<T> {
        T read() throws IOException;
    }

    /** Reads documents one at a time, so that an error can name the document it is in. */
    public static final class Documents implements AutoCloseable {
        private final Iterator<JsonNode> plain;
        private final JsonParser parser;

        Documents(Iterator<JsonNode> plain, JsonParser parser) {
            this.plain = plain;
            this.parser = parser;
        }

        /** The next document, or null after the last. */
        public JsonNode next() throws IOException {
            if (plain != null) {
                return plain.hasNext() ? plain.next() : null;
            }
            return parser.nextToken() == null ? null : Jackson.value(parser);
        }

        @Override
        public void close() throws IOException {
            if (parser != null) {
                parser.close();
            }
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
}
