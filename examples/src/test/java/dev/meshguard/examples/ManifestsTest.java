package dev.meshguard.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.meshguard.config.Setting;
import dev.meshguard.policy.PolicyFiles;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.policy.PolicySet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lints the Kubernetes example against the agent's own loader and settings, so the two cannot drift apart. */
class ManifestsTest {
    static final Path DIR = Path.of("kubernetes");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<JsonNode> documents(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        YAML.readerFor(JsonNode.class).readValues(Files.readAllBytes(file)).forEachRemaining(n -> out.add((JsonNode) n));
        return out;
    }

    @Test
    void theConfigMapHoldsValidPoliciesIdenticalToTheExample() throws Exception {
        JsonNode cm = documents(DIR.resolve("policies-configmap.yaml")).get(0);
        assertEquals("ConfigMap", cm.get("kind").asText());
        String policies = cm.get("data").get("bookinfo.yaml").asText();
        assertEquals(Files.readString(Path.of("policies", "bookinfo.yaml")), policies);
        PolicySet set = new PolicyLoader("bookinfo").load(PolicyFiles.of(List.of(
                PolicyFiles.entry("bookinfo.yaml", policies.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(1, set.requestAuthentications().size());
        assertEquals(1, set.authorizationPolicies().size());
    }

    @Test
    void theDeploymentWiresTheAgentAsTheDocsSay() throws Exception {
        JsonNode deployment = documents(DIR.resolve("deployment.yaml")).get(0);
        JsonNode pod = deployment.get("spec").get("template").get("spec");
        JsonNode app = pod.get("containers").get(0);
        Map<String, JsonNode> env = new HashMap<>();
        app.get("env").forEach(e -> env.put(e.get("name").asText(), e));
        Map<String, String> mounts = new HashMap<>();
        app.get("volumeMounts").forEach(m -> mounts.put(m.get("name").asText(), m.get("mountPath").asText()));
        Map<String, JsonNode> volumes = new HashMap<>();
        pod.get("volumes").forEach(v -> volumes.put(v.get("name").asText(), v));

        for (String name : env.keySet()) {
            if (name.startsWith("MESHGUARD_")) {
                assertTrue(java.util.Arrays.stream(Setting.values()).anyMatch(s -> s.environment().equals(name)),
                        name + " is not a setting in docs/configuration.md");
            }
        }
        String javaToolOptions = env.get("JAVA_TOOL_OPTIONS").get("value").asText();
        assertTrue(javaToolOptions.startsWith("-javaagent:" + mounts.get("meshguard-agent") + "/meshguard-agent.jar"), javaToolOptions);
        assertNotNull(volumes.get("meshguard-agent").get("emptyDir"));
        JsonNode init = pod.get("initContainers").get(0);
        assertTrue(init.get("command").toString().contains(mounts.get("meshguard-agent") + "/meshguard-agent.jar"));

        String policyPath = env.containsKey("MESHGUARD_POLICY_PATH") ? env.get("MESHGUARD_POLICY_PATH").get("value").asText()
                : Setting.POLICY_PATH.defaultValue();
        assertEquals(policyPath, mounts.get("meshguard-policies"));
        assertEquals("meshguard-policies", volumes.get("meshguard-policies").get("configMap").get("name").asText());
        assertEquals("meshguard-policies", documents(DIR.resolve("policies-configmap.yaml")).get(0).get("metadata").get("name").asText());

        assertEquals("metadata.namespace", env.get("POD_NAMESPACE").get("valueFrom").get("fieldRef").get("fieldPath").asText());
        String labelsFile = env.get("MESHGUARD_WORKLOAD_LABELS_FILE").get("value").asText();
        assertEquals(mounts.get("podinfo") + "/labels", labelsFile);
        assertEquals("metadata.labels", volumes.get("podinfo").get("downwardAPI").get("items").get(0).get("fieldRef").get("fieldPath").asText());
        assertEquals(deployment.get("metadata").get("namespace").asText(),
                documents(DIR.resolve("policies-configmap.yaml")).get(0).get("metadata").get("namespace").asText());
    }
}
