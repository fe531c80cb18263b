package dev.meshguard.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentConfigTest {
    private final Properties props = new Properties();
    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> files = new HashMap<>();

    private AgentConfig resolve(String args) {
        return AgentConfig.resolve(args, props, env, files::get);
    }

    @Test
    void defaultsMatchTheDocumentedTable() {
        AgentConfig c = resolve(null);
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        assertEquals(Path.of("/etc/meshguard"), c.policyPath());
        assertFalse(c.policyPathExplicit());
        assertEquals("default", c.workload().namespace());
        assertTrue(c.workload().labels().isEmpty());
        assertEquals("istio-system", c.rootNamespace());
        assertEquals(Mode.ENFORCE, c.mode());
        assertEquals(Duration.ofSeconds(1), c.reloadInterval());
        assertEquals(Duration.ofSeconds(60), c.clockSkew());
        assertEquals(Duration.ofMinutes(20), c.jwksRefresh());
        assertEquals(0, c.trustedProxies());
        assertNull(c.extAuthzUrl());
        assertEquals(Duration.ofSeconds(1), c.extAuthzTimeout());
        assertEquals(-1, c.metricsPort());
        assertEquals(Duration.ofSeconds(60), c.serverWait());
    }

    @Test
    void agentArgumentBeatsSystemPropertyBeatsEnvironment() {
        env.put("MESHGUARD_POLICY_PATH", "/from/env");
        env.put("MESHGUARD_MODE", "off");
        env.put("MESHGUARD_ROOT_NAMESPACE", "env-root");
        props.setProperty("meshguard.policy.path", "/from/property");
        props.setProperty("meshguard.mode", "dry-run");
        AgentConfig c = resolve("policyPath=/from/arg");
        assertEquals(Path.of("/from/arg"), c.policyPath());
        assertTrue(c.policyPathExplicit());
        assertEquals(Mode.DRY_RUN, c.mode());
        assertEquals("env-root", c.rootNamespace());
    }

    @Test
    void everySettingHasItsThreeNames() {
        for (Setting s : Setting.values()) {
            assertTrue(s.environment().startsWith("MESHGUARD_"), s::name);
            assertTrue(s.property().startsWith("meshguard."), s::name);
            assertFalse(s.description().isEmpty(), s::name);
        }
        assertEquals("meshguard.policy.path", Setting.POLICY_PATH.property());
        assertEquals("MESHGUARD_WORKLOAD_LABELS", Setting.WORKLOAD_LABELS.environment());
        assertEquals("policyPath", Setting.POLICY_PATH.argument());
    }

    @Test
    void namespaceFallsBackToPodNamespaceThenServiceAccountFileThenDefault() {
        files.put(AgentConfig.SERVICE_ACCOUNT_NAMESPACE_FILE, "from-file\n");
        assertEquals("from-file", resolve(null).workload().namespace());
        env.put("POD_NAMESPACE", "from-pod");
        assertEquals("from-pod", resolve(null).workload().namespace());
        env.put("MESHGUARD_NAMESPACE", "explicit");
        assertEquals("explicit", resolve(null).workload().namespace());
    }

    @Test
    void labelsComeFromTheListOrTheDownwardApiFile() {
        files.put(AgentConfig.DEFAULT_LABELS_FILE, "app=\"reviews\"\npod-template-hash=\"7d9f\"\nversion=\"v2\"\n");
        assertEquals(Map.of("app", "reviews", "pod-template-hash", "7d9f", "version", "v2"), resolve(null).workload().labels());
        files.put("/custom/labels", "app=\"custom\"\n");
        env.put("MESHGUARD_WORKLOAD_LABELS_FILE", "/custom/labels");
        assertEquals(Map.of("app", "custom"), resolve(null).workload().labels());
        env.put("MESHGUARD_WORKLOAD_LABELS", "app=httpbin,version=v1");
        assertEquals(Map.of("app", "httpbin", "version", "v1"), resolve(null).workload().labels());
    }

    @Test
    void aMalformedSettingIsOneClearLineNamingItAndTheAcceptedValues() {
        env.put("MESHGUARD_MODE", "block");
        assertEquals("MESHGUARD_MODE='block' is not one of enforce, dry-run, off", resolve(null).errors().get(0));

        env.clear();
        env.put("MESHGUARD_WORKLOAD_LABELS", "app=httpbin,version");
        assertEquals("MESHGUARD_WORKLOAD_LABELS='app=httpbin,version' is not a list of key=value separated by commas",
                resolve(null).errors().get(0));

        env.clear();
        env.put("MESHGUARD_WORKLOAD_LABELS_FILE", "/nowhere");
        assertEquals("MESHGUARD_WORKLOAD_LABELS_FILE='/nowhere' names a file that cannot be read", resolve(null).errors().get(0));

        env.clear();
        env.put("MESHGUARD_CLOCK_SKEW", "a minute");
        assertTrue(resolve(null).errors().get(0).startsWith("MESHGUARD_CLOCK_SKEW='a minute' is not a duration"));

        env.clear();
        env.put("MESHGUARD_TRUSTED_PROXIES", "-1");
        assertEquals("MESHGUARD_TRUSTED_PROXIES='-1' is not a whole number from 0 to 64", resolve(null).errors().get(0));

        env.clear();
        assertEquals("agent argument 'polcyPath' is not a known setting (see docs/configuration.md)",
                resolve("polcyPath=/x").errors().get(0));
        assertEquals("agent argument 'dry-run' is not key=value", resolve("dry-run").errors().get(0));
    }

    @Test
    void parsesDurations() {
        assertEquals(Duration.ofMillis(500), AgentConfig.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(60), AgentConfig.parseDuration("60"));
        assertEquals(Duration.ofMinutes(20), AgentConfig.parseDuration("20m"));
        assertEquals(Duration.ofHours(1), AgentConfig.parseDuration("1h"));
        assertNull(AgentConfig.parseDuration("1d"));
    }
}
