package dev.meshguard.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link PlainJson} and {@link PlainYaml} against Jackson, the oracle: whatever a plain reader accepts, Jackson must
 * accept too and read as the same tree. Inputs are Istio's examples, generated documents in many styles and random
 * mutations of both (which mostly produce input the plain readers must leave to Jackson).
 */
class PlainReadersTest {
    private static final JsonFactory JSON = new JsonFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final JsonFactory YAML = new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String MUTATIONS = " \n:-#\"'|[]{},a1.~\\\t\r>&*!?%@`é";

    @Test
    void readsIstiosExamplesAsJacksonDoes() throws Exception {
        for (Path file : istioExamples()) {
            byte[] yaml = Files.readAllBytes(file);
            List<JsonNode> plain = PlainYaml.documents(yaml);
            assertNotNull(plain, file + " is plain YAML");
            assertSameDocuments(yaml, plain);
        }
    }

    @Test
    void readsGeneratedYamlAsJacksonDoes() throws Exception {
        Random random = new Random(17);
        int accepted = 0;
        for (int i = 0; i < 4000; i++) {
            StringBuilder yaml = new StringBuilder();
            int docs = 1 + random.nextInt(3);
            for (int d = 0; d < docs; d++) {
                if (d > 0 || random.nextBoolean()) {
                    yaml.append(random.nextInt(4) == 0 ? "--- # doc\n" : "---\n");
                }
                new YamlWriter(random, yaml).mapping(0, 0);
            }
            byte[] bytes = yaml.toString().getBytes(StandardCharsets.UTF_8);
            List<JsonNode> plain = PlainYaml.documents(bytes);
            if (plain != null) {
                accepted++;
                assertSameDocuments(bytes, plain);
            }
        }
        assertTrue(accepted > 2000, "the generator writes mostly plain YAML: " + accepted);
    }

    @Test
    void leavesMutatedYamlToJacksonUnlessItReadsTheSame() throws Exception {
        Random random = new Random(25);
        List<String> seeds = new ArrayList<>();
        for (Path file : istioExamples()) {
            seeds.add(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 200; i++) {
            StringBuilder yaml = new StringBuilder();
            new YamlWriter(random, yaml).mapping(0, 0);
            seeds.add(yaml.toString());
        }
        int accepted = 0;
        for (int i = 0; i < 30000; i++) {
            byte[] bytes = mutate(seeds.get(random.nextInt(seeds.size())), random).getBytes(StandardCharsets.UTF_8);
            List<JsonNode> plain = PlainYaml.documents(bytes);
            if (plain != null) {
                accepted++;
                assertSameDocuments(bytes, plain);
            }
        }
        assertTrue(accepted > 1000, "some mutations stay plain: " + accepted);
    }

    @Test
    void readsGeneratedAndMutatedJsonAsJacksonDoes() throws Exception {
        Random random = new Random(8);
        int accepted = 0;
        for (int i = 0; i < 30000; i++) {
            String json = jsonValue(random, 0);
            if (random.nextInt(3) == 0) {
                json = mutate(json, random);
            }
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0 && random.nextInt(20) == 0) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            JsonNode plain = PlainJson.parse(bytes);
            if (plain != null) {
                accepted++;
                assertSameJson(bytes, plain);
            }
            JsonNode fromText = PlainJson.parse(json);
            if (fromText != null) {
                JsonNode read;
                try (JsonParser p = JSON.createParser(json)) {
                    read = single(p, json);
                }
                assertTrue(JsonTrees.same(fromText, read), json);
            }
        }
        assertTrue(accepted > 15000, "most generated JSON is plain: " + accepted);
    }

    @Test
    void leavesToJacksonWhatOnlyItCanJudge() {
        String[] notPlain = {"a: &x 1\nb: *x\n", "a: !!str 1\n", "a: >\n  folded\n", "a: yes\n", "a: 1.5\n",
            "a: 0x10\n", "a: 2024-01-01\n", "a:\tb\n", "a: b\n  c\n", "a: 'b\n  c'\n", "a: 1\na: 2\n", "%YAML 1.1\n---\na: b\n",
            "a: |+\n  x\n", "a: |2\n  x\n", "? a\n: b\n", "a: [1, 2]\n", "a: {b}\n", "a: [b ?]\n", "a: b: c\n", "\uFEFFa: b\n",
            "a: b\r\n", "- - a\n", "a: \"\\x41\"\n", "a: <<\n", "a: =\n", "on: b\n", "1: b\n"};
        for (String yaml : notPlain) {
            assertNull(PlainYaml.documents(yaml.getBytes(StandardCharsets.UTF_8)), yaml);
        }
        String[] notPlainJson = {"", " ", "01", "1.", ".5", "+1", "[1,]", "{\"a\":1,\"a\":2}", "\"\\x\"", "\"\u0001\"",
            "{'a':1}", "[1] [2]", "nul", "\uFEFF{}", "1e", "/*c*/1", "NaN"};
        for (String json : notPlainJson) {
            assertNull(PlainJson.parse(json), json);
            assertNull(PlainJson.parse(json.getBytes(StandardCharsets.UTF_8)), json);
        }
        assertNull(PlainJson.parse(new byte[] {'"', (byte) 0xC3, '"'}), "invalid UTF-8");
        // SnakeYAML forgets a key whose ':' is over 1024 characters from its start; Jackson limits names and members.
        String far = repeat(" ", 1024);
        for (String yaml : new String[] {"a" + far + ": v\n", "'" + repeat("a", 1023) + "': v\n", "k: {a" + far + ": v}\n"}) {
            assertNull(PlainYaml.documents(yaml.getBytes(StandardCharsets.UTF_8)), "a key 1,024 characters long");
        }
        assertNull(PlainJson.parse("{\"" + repeat("a", 50001) + "\":1}"), "a long name");
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 300; i++) {
            many.append(i == 0 ? "" : ",").append("\"n").append(i).append("\":0");
        }
        assertNull(PlainJson.parse(many.append('}').toString()), "hundreds of members");
    }

    @Test
    void readsKubectlStyleSequencesAndLiteralBlocks() throws Exception {
        String yaml = "items:\n- name: a # first\n  values:\n  - x\n  - 'y'' z'\n- name: b\n  jwks: |\n    {\"keys\": []}\n\n"
                + "    # kept\n  strip: |-\n    one\n    two\nend: ~\nempty:\n";
        List<JsonNode> docs = PlainYaml.documents(yaml.getBytes(StandardCharsets.UTF_8));
        assertNotNull(docs);
        JsonNode items = docs.get(0).get("items");
        assertEquals("y' z", items.get(0).get("values").get(1).textValue());
        assertEquals("{\"keys\": []}\n\n# kept\n", items.get(1).get("jwks").textValue());
        assertEquals("one\ntwo", items.get(1).get("strip").textValue());
        assertTrue(docs.get(0).get("end").isNull());
        assertSameDocuments(yaml.getBytes(StandardCharsets.UTF_8), docs);
    }

    private static String repeat(String s, int times) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < times; i++) {
            b.append(s);
        }
        return b.toString();
    }

    private static List<Path> istioExamples() throws IOException, URISyntaxException {
        Path dir = Paths.get(PlainReadersTest.class.getResource("/istio-examples").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
            assertTrue(yaml.size() >= 10);
            return yaml;
        }
    }

    private static void assertSameDocuments(byte[] yaml, List<JsonNode> plain) {
        List<JsonNode> read = new ArrayList<>();
        try (JsonParser p = YAML.createParser(yaml)) {
            while (p.nextToken() != null) {
                read.add(JsonTrees.Jackson.value(p));
            }
        } catch (IOException | RuntimeException e) {
            fail("Jackson refuses what PlainYaml read:\n" + new String(yaml, StandardCharsets.UTF_8), e);
        }
        assertEquals(read.size(), plain.size(), () -> new String(yaml, StandardCharsets.UTF_8));
        for (int i = 0; i < read.size(); i++) {
            JsonNode expected = read.get(i);
            JsonNode actual = plain.get(i);
            assertTrue(JsonTrees.same(actual, expected),
                    () -> new String(yaml, StandardCharsets.UTF_8) + "\nplain: " + actual + "\njackson: " + expected);
        }
    }

    private static void assertSameJson(byte[] json, JsonNode plain) {
        JsonNode read = null;
        try (JsonParser p = JSON.createParser(json)) {
            read = single(p, new String(json, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            fail("Jackson refuses what PlainJson read: " + new String(json, StandardCharsets.UTF_8), e);
        }
        assertTrue(JsonTrees.same(plain, read), new String(json, StandardCharsets.UTF_8));
    }

    private static JsonNode single(JsonParser p, String what) throws IOException {
        assertNotNull(p.nextToken(), what);
        JsonNode value = JsonTrees.Jackson.value(p);
        assertNull(p.nextToken(), what);
        return value;
    }

    private static String mutate(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(3)) {
                case 0: b.insert(at, MUTATIONS.charAt(random.nextInt(MUTATIONS.length()))); break;
                case 1: b.deleteCharAt(at); break;
                default: b.setCharAt(at, MUTATIONS.charAt(random.nextInt(MUTATIONS.length()))); break;
            }
        }
        return b.toString();
    }

    private static String jsonValue(Random random, int depth) {
        int kind = depth > 4 ? 2 + random.nextInt(5) : random.nextInt(7);
        String space = random.nextInt(4) == 0 ? " \n\t\r".substring(random.nextInt(4), 4) : "";
        switch (kind) {
            case 0: {
                List<String> members = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    members.add(jsonString(random) + space + ":" + jsonValue(random, depth + 1));
                }
                return "{" + space + String.join("," + space, members) + "}";
            }
            case 1: {
                List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(jsonValue(random, depth + 1));
                }
                return "[" + String.join("," + space, items) + space + "]";
            }
            case 2: return jsonString(random);
            case 3: return jsonNumber(random);
            case 4: return "true";
            case 5: return "false";
            default: return "null";
        }
    }

    private static String jsonNumber(Random random) {
        switch (random.nextInt(6)) {
            case 0: return Integer.toString(random.nextInt());
            case 1: return Long.toString(random.nextLong());
            case 2: return (random.nextBoolean() ? "-" : "") + "9" + Long.toString(Math.abs(random.nextLong())) + "7";
            case 3: return Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            case 4: return random.nextInt(100) + "e" + (random.nextBoolean() ? "-" : "+") + random.nextInt(400);
            default: return Integer.toString(random.nextInt(11) - 1);
        }
    }

    private static String jsonString(Random random) {
        String[] parts = {"a", "sub", "é", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\uD83D\\uDE00", "😀", "\\ud800", " ",
            "\\t", "\\b", "\\f", "\\r", "\\u0000", "iss", "https://x/y"};
        StringBuilder s = new StringBuilder("\"");
        for (int i = random.nextInt(4); i > 0; i--) {
            s.append(parts[random.nextInt(parts.length)]);
        }
        return s.append('"').toString();
    }

    /** Writes a random mapping in one of the block styles policies use. */
    private static final class YamlWriter {
        private static final String[] WORDS = {"name", "app", "GET", "/api/v1/*", "ns/foo", "https://x.io/jwks",
            "a b", "x-y_z", "cluster.local/ns/default/sa/sleep", "*.example.com", "a#b", "a:b", "é", "Value"};
        private static final String[] SPECIAL = {"true", "false", "null", "~", "True", "NULL", "0", "7", "8080",
            "123456789"};
        private final Random random;
        private final StringBuilder out;
        private int keys;

        YamlWriter(Random random, StringBuilder out) {
            this.random = random;
            this.out = out;
        }

        void mapping(int indent, int depth) {
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                pad(indent);
                entry(indent, depth);
            }
        }

        /** A key and its value; the caller has written the indentation (or "- "). */
        private void entry(int indent, int depth) {
            String key = random.nextInt(6) == 0 ? "\"k" + keys++ + "\"" : "k" + keys++;
            out.append(key).append(':');
            value(indent, depth, true);
        }

        private void value(int indent, int depth, boolean inMapping) {
            int kind = depth > 3 ? random.nextInt(4) : random.nextInt(8);
            switch (kind) {
                case 0: out.append(' ').append(WORDS[random.nextInt(WORDS.length)]).append(comment()).append('\n'); break;
                case 1: out.append(' ').append(quoted()).append(comment()).append('\n'); break;
                case 2: out.append(' ').append(SPECIAL[random.nextInt(SPECIAL.length)]).append('\n'); break;
                case 3: out.append(' ').append(flow()).append(comment()).append('\n'); break;
                case 4: literal(indent); break;
                case 5:
                    out.append(comment()).append('\n');
                    mapping(indent + 2, depth + 1);
                    break;
                case 6:
                    out.append('\n');
                    sequence(inMapping && random.nextBoolean() ? indent : indent + 2, depth + 1);
                    break;
                default:
                    out.append(random.nextBoolean() ? "\n" : " # nothing\n");
                    if (random.nextBoolean()) {
                        out.append('\n');
                    }
                    break;
            }
        }

        private void sequence(int indent, int depth) {
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                pad(indent);
                out.append('-');
                if (random.nextBoolean()) {
                    out.append(' ');
                    int inner = indent + 2;
                    entry(inner, depth);
                    for (int j = random.nextInt(2); j > 0; j--) {
                        pad(inner);
                        entry(inner, depth);
                    }
                } else {
                    value(indent, depth, false);
                }
            }
        }

        private void literal(int indent) {
            out.append(random.nextBoolean() ? " |" : " |-").append('\n');
            int inner = indent + 1 + random.nextInt(3);
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                if (random.nextInt(4) == 0) {
                    out.append('\n');
                }
                pad(inner + (random.nextInt(4) == 0 ? 2 : 0));
                out.append(random.nextBoolean() ? "{\"keys\": [\"a\"]} # x" : WORDS[random.nextInt(WORDS.length)]).append('\n');
            }
        }

        private String quoted() {
            String[] q = {"\"GET\"", "'it''s'", "\"a\\\"b\"", "\"\\u00e9\\n\"", "''", "\"\"", "'1.2.3.4'", "\"# not\""};
            return q[random.nextInt(q.length)];
        }

        private String flow() {
            String[] f = {"[]", "{}", "[\"GET\", \"POST\"]", "[GET, POST]", "['a', b c]", "{app: foo}",
                "{\"app\": \"foo\", ver: v1}", "[[a], {b: c}]"};
            return f[random.nextInt(f.length)];
        }

        private String comment() {
            return random.nextInt(5) == 0 ? " # note" : "";
        }

        private void pad(int n) {
            for (int i = 0; i < n; i++) {
                out.append(' ');
            }
        }
    }
}
