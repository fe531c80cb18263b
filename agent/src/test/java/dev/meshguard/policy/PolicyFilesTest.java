package dev.meshguard.policy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyFilesTest {

    @Test
    void tellsReadsApartByNamesAndBytes() {
        PolicyFiles one = files("a.yaml", "kind: x\n");
        assertTrue(one.sameAs(files("a.yaml", "kind: x\n")));
        assertFalse(one.sameAs(files("b.yaml", "kind: x\n")), "another name");
        assertFalse(one.sameAs(files("a.yaml", "kind: y\n")), "another byte");
        assertFalse(one.sameAs(PolicyFiles.of(Arrays.asList(entry("a.yaml", "kind: x\n"), entry("b.yaml", "")))));
        assertFalse(one.sameAs(null));
        // The split between name and content is part of what is compared.
        assertFalse(files("a", "bc").sameAs(files("ab", "c")));
    }

    @Test
    void namesAReadWithAShortChecksum() {
        String version = files("a.yaml", "kind: x\n").fingerprint();
        assertTrue(version.matches("[0-9a-f]{8}"), version);
        assertEquals(version, files("a.yaml", "kind: x\n").fingerprint());
        assertNotEquals(version, files("a.yaml", "kind: y\n").fingerprint());
    }

    private static PolicyFiles files(String name, String content) {
        return PolicyFiles.of(Collections.singletonList(entry(name, content)));
    }

    private static PolicyFiles.Entry entry(String name, String content) {
        return PolicyFiles.entry(name, content.getBytes(StandardCharsets.UTF_8));
    }
}
