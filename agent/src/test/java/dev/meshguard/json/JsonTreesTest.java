package dev.meshguard.json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTreesTest {

    @Test
    void readsEveryKindOfValue() throws Exception {
        JsonNode n = JsonTrees.parse("{\"s\":\"x\",\"i\":1,\"l\":4102444800000,\"b\":123456789012345678901234567890,"
                + "\"d\":1.5,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,\"y\",{}],\"o\":{\"k\":[]}}");
        assertTrue(n.get("s").isTextual());
        assertTrue(n.get("i").isInt());
        assertTrue(n.get("l").isLong());
        assertEquals(new BigInteger("123456789012345678901234567890"), n.get("b").bigIntegerValue());
        assertTrue(n.get("d").isDouble());
        assertTrue(n.get("t").booleanValue());
        assertTrue(n.get("n").isNull());
        assertEquals(3, n.get("a").size());
        assertTrue(n.get("o").get("k").isArray());
    }

    @Test
    void refusesDuplicatesTrailingContentAndBrokenInput() throws Exception {
        assertThrows(IOException.class, () -> JsonTrees.parse("{\"a\":1,\"a\":2}"));
        assertThrows(IOException.class, () -> JsonTrees.parse("{\"o\":{\"a\":1,\"a\":1}}"));
        assertThrows(IOException.class, () -> JsonTrees.parse("{\"a\":1} {\"b\":2}"));
        assertThrows(IOException.class, () -> JsonTrees.parse("{\"a\":1"));
        assertThrows(IOException.class, () -> JsonTrees.parse("{'a':1}"));
        assertTrue(JsonTrees.parse(new byte[0]).isMissingNode());
    }

    @Test
    void splitsYamlDocumentsAndReadsAnEmptyOneAsNull() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (JsonTrees.Documents d = JsonTrees.documents("---\n---\nk: v\nn: 3\n---\n- 1\n".getBytes(StandardCharsets.UTF_8), true)) {
            for (JsonNode n = d.next(); n != null; n = d.next()) {
                docs.add(n);
            }
        }
        assertEquals(3, docs.size());
        assertTrue(docs.get(0).isNull());
        assertEquals("v", docs.get(1).get("k").textValue());
        assertTrue(docs.get(1).get("n").isInt());
        assertTrue(docs.get(2).isArray());
        assertThrows(IOException.class, () -> {
            try (JsonTrees.Documents d = JsonTrees.documents("a: 1\na: 2\n".getBytes(StandardCharsets.UTF_8), true)) {
                d.next();
            }
        });
    }

    @Test
    void convertsToPlainJavaValuesInOrder() throws Exception {
        Object java = JsonTrees.toJava(JsonTrees.parse("{\"z\":1,\"a\":[true,null,\"x\",2.5],\"m\":{\"k\":9999999999}}"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("z", 1);
        expected.put("a", Arrays.asList(true, null, "x", 2.5));
        expected.put("m", Map.of("k", 9999999999L));
        assertEquals(expected, java);
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(((Map<?, ?>) java).keySet()));
    }
}
