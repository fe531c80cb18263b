package dev.meshguard.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the YAML that policies are written in (block mappings and sequences, plain, quoted and literal scalars,
 * one-line flow collections, comments, {@code ---} between documents) into the trees Jackson's YAML module would build,
 * without loading it and SnakeYAML (some hundred classes, the largest part of reading policies at start-up). It answers
 * only for input it is sure of; anything else (anchors, tags, folded or multi-line scalars, a tab, a duplicate key, a
 * plain scalar YAML could read as a number, a date or a YAML 1.1 boolean, any error) gives null, and {@link JsonTrees}
 * then lets Jackson read the file and report what is wrong. The tests hold the two to the same trees.
 */
final class PlainYaml {
    private static final int MAX_DEPTH = 40;
    private static final int MAX_CHARS = 1 << 20;
    /** SnakeYAML forgets a possible key whose ':' is more than 1024 characters from its start. */
    private static final int MAX_KEY = 1000;
    /** Characters that start something other than a plain string (an indicator, a number, a special value). */
    private static final String NOT_PLAIN_START = "-?:,[]{}#&*!|>'\"%@`+.0123456789<=~\\";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Thrown, without a stack trace, when the input is not plain; never leaves this class. */
    private static final class NotPlain extends RuntimeException {
        private static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super(null, null, false, false);
        }
    }

    private final String[] lines;
    private final boolean endsWithNewline;
    private int end;
    private int line;

    private PlainYaml(String[] lines, boolean endsWithNewline) {
        this.lines = lines;
        this.endsWithNewline = endsWithNewline;
    }

    /** The documents of {@code content} (null for an empty one), or null when Jackson must read it. */
    static List<JsonNode> documents(byte[] content) {
        if (content.length > MAX_CHARS) {
            return null;
        }
        String text = new String(content, StandardCharsets.UTF_8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c >= 0xd800 && c <= 0xdfff
                    || c == '\u2028' || c == '\u2029' || c >= '\ufeff') {
                return null; // tabs, CR, controls, YAML 1.1 line breaks, surrogates, BOM, U+FFFD for invalid UTF-8
            }
        }
        try {
            return new PlainYaml(text.split("\n", -1), text.endsWith("\n")).documents();
        } catch (NotPlain e) {
            return null;
        }
    }

    private List<JsonNode> documents() {
        List<JsonNode> docs = new ArrayList<>();
        int start = 0;
        boolean explicit = false;
        for (int i = 0; i <= lines.length; i++) {
            boolean marker = i < lines.length && isMarker(lines[i]);
            if (i < lines.length && !marker) {
                String l = lines[i];
                if (l.startsWith("...") || l.startsWith("%")) {
                    throw NotPlain.INSTANCE;
                }
                continue;
            }
            line = start;
            end = i;
            boolean content = nextContent();
            if (content) {
                docs.add(root());
            } else if (explicit) {
                docs.add(NODES.nullNode());
            }
            start = i + 1;
            explicit = marker;
        }
        return docs;
    }

    private static boolean isMarker(String l) {
        if (!l.startsWith("---")) {
            return false;
        }
        String rest = l.substring(3);
        if (rest.isEmpty()) {
            return true;
        }
        if (rest.charAt(0) != ' ' || !isBlankOrComment(rest)) {
            throw NotPlain.INSTANCE; // content after "---", or "---x" (a scalar)
        }
        return true;
    }

    private JsonNode root() {
        int indent = indent(lines[line]);
        JsonNode node = block(indent, -1, 0);
        if (nextContent()) {
            throw NotPlain.INSTANCE;
        }
        return node;
    }

    /** Moves to the next line with content (skipping blank and comment lines); false at the document's end. */
    private boolean nextContent() {
        while (line < end && isBlankOrComment(lines[line])) {
            line++;
        }
        return line < end;
    }

    private static boolean isBlankOrComment(String l) {
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c != ' ') {
                return c == '#';
            }
        }
        return true;
    }

    private static int indent(String l) {
        int i = 0;
        while (i < l.length() && l.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static boolean isDash(String text) {
        return text.equals("-") || text.startsWith("- ");
    }

    /**
     * The node whose first line is the current one, at {@code indent}, under a line at {@code parent}: a mapping, a
     * sequence, or a flow collection or quoted scalar on a line of its own ("spec:" then "{}").
     */
    private JsonNode block(int indent, int parent, int depth) {
        if (depth > MAX_DEPTH) {
            throw NotPlain.INSTANCE;
        }
        String text = lines[line].substring(indent);
        if (isDash(text)) {
            return sequence(indent, depth);
        }
        if (key(text) != null) {
            return mapping(indent, depth);
        }
        if ("[{\"'".indexOf(text.charAt(0)) >= 0) {
            return inline(text, parent);
        }
        throw NotPlain.INSTANCE; // a plain scalar on a line of its own
    }

    private ArrayNode sequence(int indent, int depth) {
        ArrayNode array = NODES.arrayNode();
        while (nextContent() && indent(lines[line]) == indent && isDash(lines[line].substring(indent))) {
            String l = lines[line];
            int col = indent + 1;
            while (col < l.length() && l.charAt(col) == ' ') {
                col++;
            }
            String rest = l.substring(col);
            if (rest.isEmpty() || rest.startsWith("#")) {
                line++;
                array.add(nested(indent, depth));
            } else if (isDash(rest)) {
                throw NotPlain.INSTANCE; // "- - x"
            } else if (key(rest) != null) {
                lines[line] = spaces(col) + rest; // "- k: v" is a mapping at the column of k
                array.add(mapping(col, depth + 1));
            } else {
                array.add(inline(rest, indent));
            }
        }
        deeperIsNotPlain(indent);
        return array;
    }

    private ObjectNode mapping(int indent, int depth) {
        ObjectNode object = NODES.objectNode();
        while (nextContent() && indent(lines[line]) == indent) {
            String text = lines[line].substring(indent);
            Key key = key(text);
            if (key == null || object.has(key.name)) {
                throw NotPlain.INSTANCE;
            }
            String rest = text.substring(key.end).trim();
            JsonNode value;
            if (rest.isEmpty() || rest.startsWith("#")) {
                line++;
                value = nextContent() && indent(lines[line]) == indent && isDash(lines[line].substring(indent))
                        ? sequence(indent, depth + 1) // "k:" then "- x" at the same indentation
                        : nested(indent, depth);
            } else {
                value = inline(rest, indent);
            }
            object.set(key.name, value);
        }
        deeperIsNotPlain(indent);
        return object;
    }

    /** The block under a "k:" or "-" line at {@code parent}, or null when none is more indented. */
    private JsonNode nested(int parent, int depth) {
        if (!nextContent() || indent(lines[line]) <= parent) {
            return NODES.nullNode();
        }
        return block(indent(lines[line]), parent, depth + 1);
    }

    /** A node's lines end at a line less indented than {@code indent}; a more indented one is a YAML error. */
    private void deeperIsNotPlain(int indent) {
        if (nextContent() && indent(lines[line]) > indent) {
            throw NotPlain.INSTANCE;
        }
    }

    /** The value that follows "k: " or "- " on the current line; moves past it. */
    private JsonNode inline(String text, int parent) {
        char c = text.charAt(0);
        JsonNode value;
        if (c == '|') {
            return literal(text, parent);
        }
        if (c == '"' || c == '\'') {
            Quoted q = quoted(text, 0);
            value = NODES.textNode(q.value);
            afterValue(text, q.end);
        } else if (c == '[' || c == '{') {
            Flow f = new Flow(text);
            value = f.value(0);
            afterValue(text, f.pos);
        } else {
            int stop = text.indexOf(" #");
            String plain = (stop < 0 ? text : text.substring(0, stop)).trim();
            if (plain.contains(": ") || plain.endsWith(":")) {
                throw NotPlain.INSTANCE;
            }
            value = scalar(plain);
        }
        line++;
        deeperIsNotPlain(parent); // a continuation line would fold into this scalar
        return value;
    }

    private static void afterValue(String text, int end) {
        String rest = text.substring(end);
        if (!rest.trim().isEmpty() && !(rest.startsWith(" ") && rest.trim().startsWith("#"))) {
            throw NotPlain.INSTANCE;
        }
    }

    /** A literal block scalar ("|" or "|-") under a line at {@code parent}. */
    private JsonNode literal(String header, int parent) {
        String indicator = header.startsWith("|-") ? "|-" : "|";
        String rest = header.substring(indicator.length());
        if (!rest.isEmpty() && !(rest.startsWith(" ") && isBlankOrComment(rest))) {
            throw NotPlain.INSTANCE; // "|+", an indentation indicator, text after the header
        }
        line++;
        int first = line;
        while (first < end && lines[first].trim().isEmpty()) {
            first++;
        }
        if (first == end || indent(lines[first]) <= parent) {
            throw NotPlain.INSTANCE; // empty
        }
        int indent = indent(lines[first]);
        StringBuilder body = new StringBuilder();
        int last = line; // one past the last line with text
        for (int i = line; i < end; i++) {
            String l = lines[i];
            boolean blank = l.trim().isEmpty();
            if (blank && l.length() > indent || !blank && indent(l) < indent) {
                if (blank) {
                    throw NotPlain.INSTANCE; // spaces beyond the indentation on an empty line
                }
                break;
            }
            if (!blank) {
                last = i + 1;
            }
        }
        for (int i = line; i < last; i++) {
            body.append(lines[i].length() > indent ? lines[i].substring(indent) : "");
            if (i < last - 1) {
                body.append('\n');
            }
        }
        if (last == lines.length && !endsWithNewline) {
            throw NotPlain.INSTANCE; // no line break to keep or clip
        }
        if (indicator.equals("|")) {
            body.append('\n');
        }
        line = last;
        deeperIsNotPlain(parent);
        return NODES.textNode(body.toString());
    }

    /** A mapping key at the start of {@code text} and where its value starts, or null when the line is no "k:". */
    private static Key key(String text) {
        char c = text.charAt(0);
        if (c == '[' || c == '{') {
            return null; // a flow collection (a flow key is not plain)
        }
        String name;
        int colon;
        if (c == '"' || c == '\'') {
            Quoted q = quoted(text, 0);
            colon = q.end;
            while (colon < text.length() && text.charAt(colon) == ' ') {
                colon++;
            }
            if (colon == text.length() || text.charAt(colon) != ':') {
                return null;
            }
            if (colon + 1 < text.length() && text.charAt(colon + 1) != ' ') {
                throw NotPlain.INSTANCE; // "k":v
            }
            name = q.value;
        } else {
            colon = -1;
            for (int i = 0; i < text.length(); i++) {
                char k = text.charAt(i);
                if (k == ':' && (i + 1 == text.length() || text.charAt(i + 1) == ' ')) {
                    colon = i;
                    break;
                }
                if (k == '#' && i > 0 && text.charAt(i - 1) == ' ') {
                    break;
                }
            }
            if (colon < 0) {
                return null;
            }
            name = text.substring(0, colon).trim();
            if (name.isEmpty() || hasAny(name, ",[]{}#") || !scalar(name).isTextual()) {
                throw NotPlain.INSTANCE;
            }
        }
        if (colon > MAX_KEY) {
            throw NotPlain.INSTANCE;
        }
        return new Key(name, colon + 1);
    }

    /** A plain scalar as YAML resolves it: only the forms that cannot be anything but a string, true/false or null. */
    private static JsonNode scalar(String plain) {
        switch (plain) {
            case "true": case "True": case "TRUE":
                return NODES.booleanNode(true);
            case "false": case "False": case "FALSE":
                return NODES.booleanNode(false);
            case "null": case "Null": case "NULL": case "~": case "":
                return NODES.nullNode();
            default:
                break;
        }
        char c = plain.charAt(0);
        if (c >= '1' && c <= '9' && plain.length() <= 9 && allDigits(plain)) {
            return NODES.numberNode(Integer.parseInt(plain));
        }
        if (plain.equals("0")) {
            return NODES.numberNode(0);
        }
        if (NOT_PLAIN_START.indexOf(c) >= 0) {
            throw NotPlain.INSTANCE;
        }
        switch (plain.toLowerCase(Locale.ROOT)) {
            case "yes": case "no": case "on": case "off": case "y": case "n": case "true": case "false": case "null":
                throw NotPlain.INSTANCE;
            default:
                return NODES.textNode(plain);
        }
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean hasAny(String s, String chars) {
        for (int i = 0; i < chars.length(); i++) {
            if (s.indexOf(chars.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String spaces(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(' ');
        }
        return s.toString();
    }

    /** A quoted scalar starting at {@code at}, closed on the same line, with the escapes JSON also has. */
    private static Quoted quoted(String text, int at) {
        char quote = text.charAt(at);
        StringBuilder out = new StringBuilder();
        for (int i = at + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == quote) {
                if (quote == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    out.append('\'');
                    i++;
                    continue;
                }
                return new Quoted(out.toString(), i + 1);
            }
            if (c == '\\' && quote == '"') {
                if (++i == text.length()) {
                    break;
                }
                char e = text.charAt(i);
                switch (e) {
                    case '"': case '\\': out.append(e); break;
                    case 'n': out.append('\n'); break;
                    case 't': out.append('\t'); break;
                    case 'r': out.append('\r'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'u':
                        int code = i + 4 < text.length() ? PlainJson.hex(text, i + 1) : -1;
                        if (code < 0x20 || code >= 0xd800 && code <= 0xdfff) {
                            throw NotPlain.INSTANCE;
                        }
                        out.append((char) code);
                        i += 4;
                        break;
                    default:
                        throw NotPlain.INSTANCE;
                }
                continue;
            }
            out.append(c);
        }
        throw NotPlain.INSTANCE; // not closed on this line
    }

    /** A flow sequence or mapping closed on its line, of quoted and plain scalars and other flow collections. */
    private static final class Flow {
        private final String text;
        private int pos;

        Flow(String text) {
            this.text = text;
        }

        JsonNode value(int depth) {
            if (depth > MAX_DEPTH) {
                throw NotPlain.INSTANCE;
            }
            skip();
            char c = at();
            if (c == '[') {
                ArrayNode array = NODES.arrayNode();
                pos++;
                if (skip() == ']') {
                    pos++;
                    return array;
                }
                while (true) {
                    array.add(value(depth + 1));
                    if (!more(']')) {
                        return array;
                    }
                }
            }
            if (c == '{') {
                ObjectNode object = NODES.objectNode();
                pos++;
                if (skip() == '}') {
                    pos++;
                    return object;
                }
                while (true) {
                    skip();
                    int keyStart = pos;
                    JsonNode key = value(depth + 1);
                    if (!key.isTextual() || object.has(key.textValue()) || skip() != ':' || pos - keyStart > MAX_KEY) {
                        throw NotPlain.INSTANCE;
                    }
                    pos++;
                    if (pos == text.length() || text.charAt(pos) != ' ') {
                        throw NotPlain.INSTANCE;
                    }
                    object.set(key.textValue(), value(depth + 1));
                    if (!more('}')) {
                        return object;
                    }
                }
            }
            if (c == '"' || c == '\'') {
                Quoted q = quoted(text, pos);
                pos = q.end;
                return NODES.textNode(q.value);
            }
            int start = pos;
            while (pos < text.length() && isFlowPlain(text.charAt(pos))) {
                pos++;
            }
            String plain = text.substring(start, pos).trim();
            if (plain.isEmpty()) {
                throw NotPlain.INSTANCE;
            }
            JsonNode value = scalar(plain);
            if (!value.isTextual()) {
                throw NotPlain.INSTANCE; // true/false/null/numbers inside flows are left to Jackson
            }
            return value;
        }

        /** Letters, digits, spaces and a few punctuation marks: no flow indicator, and no other YAML indicator. */
        private static boolean isFlowPlain(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || " -_./".indexOf(c) >= 0
                    || c >= 0x80 && Character.isLetterOrDigit(c);
        }

        /** After an entry: true at a comma followed by another entry, false at the closing bracket. */
        private boolean more(char close) {
            char c = skip();
            pos++;
            if (c == close) {
                return false;
            }
            if (c != ',' || skip() == close) {
                throw NotPlain.INSTANCE; // a trailing comma, or anything else
            }
            return true;
        }

        private char skip() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
            return at();
        }

        private char at() {
            if (pos == text.length()) {
                throw NotPlain.INSTANCE;
            }
            return text.charAt(pos);
        }
    }

    private static final class Key {
        final String name;
        final int end;

        Key(String name, int end) {
            this.name = name;
            this.end = end;
        }
    }

    private static final class Quoted {
        final String value;
        final int end;

        Quoted(String value, int end) {
            this.value = value;
            this.end = end;
        }
    }
}
