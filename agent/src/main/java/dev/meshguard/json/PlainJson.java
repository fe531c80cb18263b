package dev.meshguard.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Reads one JSON value (RFC 8259, UTF-8, nothing after it) into the tree Jackson would build, without loading
 * Jackson's parsers: a token's header and payload and a key set are read at start-up and on every new token, and
 * Jackson's streaming machinery was a large share of the agent's start-up. It only ever answers for input it is sure
 * of: anything else (a byte-order mark, invalid UTF-8, a duplicate name, an error of any kind, depth or number length
 * beyond modest limits) gives null, and {@link JsonTrees} then lets Jackson read it and report what is wrong.
 */
final class PlainJson {
    private static final int MAX_DEPTH = 200;
    private static final int MAX_NUMBER_LENGTH = 100;
    /** Below Jackson's read limits (50,000-character names, 20 MB strings) and its symbol table's collision checks. */
    private static final int MAX_NAME_LENGTH = 1000;
    private static final int MAX_STRING_LENGTH = 1 << 20;
    private static final int MAX_MEMBERS = 256;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String in;
    private int pos;

    private PlainJson(String in) {
        this.in = in;
    }

    /** The value in {@code json}, or null when Jackson must decide. */
    static JsonNode parse(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        // Invalid UTF-8 decodes to U+FFFD (a real U+FFFD is left to Jackson too).
        return text.indexOf('\uFFFD') >= 0 ? null : parse(text);
    }

    /** As {@link #parse(byte[])}, from text. */
    static JsonNode parse(String json) {
        PlainJson p = new PlainJson(json);
        JsonNode value = p.value(0);
        return value != null && p.skipSpace() == json.length() ? value : null;
    }

    private int skipSpace() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            pos++;
        }
        return pos;
    }

    private JsonNode value(int depth) {
        if (skipSpace() == in.length() || depth > MAX_DEPTH) {
            return null;
        }
        char c = in.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                String s = string();
                return s == null ? null : NODES.textNode(s);
            case 't':
                return literal("true") ? NODES.booleanNode(true) : null;
            case 'f':
                return literal("false") ? NODES.booleanNode(false) : null;
            case 'n':
                return literal("null") ? NODES.nullNode() : null;
            default:
                return c == '-' || (c >= '0' && c <= '9') ? number() : null;
        }
    }

    private ObjectNode object(int depth) {
        ObjectNode object = NODES.objectNode();
        pos++;
        if (consume('}')) {
            return object;
        }
        do {
            if (skipSpace() == in.length() || in.charAt(pos) != '"') {
                return null;
            }
            String name = string();
            if (name == null || name.length() > MAX_NAME_LENGTH || object.size() == MAX_MEMBERS || object.has(name)
                    || !consume(':')) {
                return null;
            }
            JsonNode value = value(depth + 1);
            if (value == null) {
                return null;
            }
            object.set(name, value);
        } while (consume(','));
        return consume('}') ? object : null;
    }

    private ArrayNode array(int depth) {
        ArrayNode array = NODES.arrayNode();
        pos++;
        if (consume(']')) {
            return array;
        }
        do {
            JsonNode value = value(depth + 1);
            if (value == null) {
                return null;
            }
            array.add(value);
        } while (consume(','));
        return consume(']') ? array : null;
    }

    /** Moves past {@code c} when it is the next character after white space. */
    private boolean consume(char c) {
        if (skipSpace() < in.length() && in.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** The string starting at the opening quote; null for a control character or an escape JSON does not have. */
    private String string() {
        int start = ++pos;
        StringBuilder out = null;
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '"') {
                String s = out == null ? in.substring(start, pos) : out.append(in, start, pos).toString();
                pos++;
                return s.length() > MAX_STRING_LENGTH ? null : s;
            }
            if (c < 0x20) {
                return null;
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder();
            }
            out.append(in, start, pos);
            if (++pos == in.length()) {
                return null;
            }
            char e = in.charAt(pos++);
            switch (e) {
                case '"': case '\\': case '/': out.append(e); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u':
                    int code = pos + 4 <= in.length() ? hex(in, pos) : -1;
                    if (code < 0 || code >= 0xd800 && code <= 0xdfff) {
                        return null; // Jackson checks that escaped surrogates pair up
                    }
                    out.append((char) code);
                    pos += 4;
                    break;
                default:
                    return null;
            }
            start = pos;
        }
        return null;
    }

    /** The four hex digits of a Unicode escape at {@code at}, or -1; shared with {@link PlainYaml}. */
    static int hex(String s, int at) {
        int code = 0;
        for (int i = at; i < at + 4; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0 || s.charAt(i) > 'f') {
                return -1;
            }
            code = code * 16 + d;
        }
        return code;
    }

    private boolean literal(String word) {
        if (!in.startsWith(word, pos)) {
            return false;
        }
        pos += word.length();
        return true;
    }

    /** A number as Jackson reads it: int, long or big integer by size; any fraction or exponent a double. */
    private JsonNode number() {
        int start = pos;
        if (in.charAt(pos) == '-') {
            pos++;
        }
        int digits = digits();
        if (digits == 0 || (digits > 1 && in.charAt(pos - digits) == '0')) {
            return null;
        }
        boolean integral = true;
        if (pos < in.length() && in.charAt(pos) == '.') {
            pos++;
            integral = false;
            if (digits() == 0) {
                return null;
            }
        }
        if (pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
            pos++;
            integral = false;
            if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) {
                pos++;
            }
            if (digits() == 0) {
                return null;
            }
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            return null;
        }
        String text = in.substring(start, pos);
        if (!integral) {
            return NODES.numberNode(Double.parseDouble(text));
        }
        if (digits <= 9) {
            return NODES.numberNode(Integer.parseInt(text));
        }
        BigInteger value = new BigInteger(text);
        if (value.bitLength() < 32) {
            return NODES.numberNode(value.intValue());
        }
        return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
    }

    private int digits() {
        int start = pos;
        while (pos < in.length() && in.charAt(pos) >= '0' && in.charAt(pos) <= '9') {
            pos++;
        }
        return pos - start;
    }
}
