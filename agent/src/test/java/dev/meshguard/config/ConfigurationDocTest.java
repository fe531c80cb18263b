package dev.meshguard.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps {@code docs/configuration.md} and {@link Setting} in step: every setting is documented by all three names. */
class ConfigurationDocTest {

    @Test
    void everySettingIsDocumentedWithItsThreeNamesAndDefault() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (Setting s : Setting.values()) {
            String row = "| `" + s.environment() + "` | `" + s.argument() + "` | `" + s.property() + "` |";
            assertTrue(doc.contains(row), () -> "docs/configuration.md lacks the row for " + s + ": " + row);
            if (s.defaultValue() != null) {
                assertTrue(doc.contains("| `" + s.defaultValue() + "` |"), () -> "default of " + s + " not documented");
            }
        }
    }
}
