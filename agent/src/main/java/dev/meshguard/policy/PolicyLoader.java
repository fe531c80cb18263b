package dev.meshguard.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.meshguard.json.JsonTrees;
import dev.meshguard.log.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a policy source into a validated {@link PolicySet}: Kubernetes YAML (multi-document), JSON and
 * {@code kind: List} documents, as {@code kubectl get ... -o yaml} prints them. Only {@code RequestAuthentication} and
 * {@code AuthorizationPolicy} of {@code security.istio.io/v1} and {@code v1beta1} are read; other kinds are skipped.
 * The first invalid document fails the whole source, so a half-valid version is never used.
 */
public final class PolicyLoader {
    private static final Logger LOG = Logger.get(PolicyLoader.class);

    private final ResourceReader reader;

    /** @param defaultNamespace the namespace of resources whose metadata names none (the workload's, as kubectl would) */
    public PolicyLoader(String defaultNamespace) {
        this.reader = new ResourceReader(defaultNamespace);
    }

    /** Reads and validates the source at {@code path} (a file or a directory). */
    public PolicySet load(Path path) throws PolicyException {
        return load(PolicyFiles.read(path));
    }

    /** Validates already-read files. */
    public PolicySet load(PolicyFiles files) throws PolicyException {
        List<RequestAuthentication> authentications = new ArrayList<>();
        List<AuthorizationPolicy> authorizations = new ArrayList<>();
        Map<String, PolicyResource> seen = new HashMap<>();
        for (PolicyFiles.Entry file : files.entries()) {
            for (PolicyResource r : parse(file.name(), file.raw())) {
                PolicyResource earlier = seen.put(r.kind() + " " + r.metadata().qualifiedName(), r);
                if (earlier != null) {
                    throw new PolicyException(r.origin() + " " + r + ": duplicate of " + earlier.origin());
                }
                if (r instanceof RequestAuthentication) {
                    authentications.add((RequestAuthentication) r);
                } else {
                    authorizations.add((AuthorizationPolicy) r);
                }
            }
        }
        return new PolicySet(authentications, authorizations);
    }

    /** Parses one file's documents; JSON when the name ends in {@code .json}, else YAML. */
    List<PolicyResource> parse(String name, byte[] content) throws PolicyException {
        boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
        List<PolicyResource> out = new ArrayList<>();
        int index = 0;
        try (JsonTrees.Documents docs = JsonTrees.documents(content, !json)) {
            for (JsonNode doc = docs.next(); doc != null; doc = docs.next()) {
                readDocument(doc, name, index, out);
                index++;
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new PolicyException(name + " doc " + index + ": not valid " + (json ? "JSON" : "YAML")
                    + ": " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new PolicyException(name + " doc " + index + ": cannot be read: " + e.getMessage(), e);
        }
        return out;
    }

    private void readDocument(JsonNode doc, String file, int index, List<PolicyResource> out) throws PolicyException {
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
            return;
        }
        Origin origin = new Origin(file, index);
        if (!doc.isObject()) {
            throw new PolicyException(origin + ": must be a Kubernetes object (a mapping with apiVersion and kind)");
        }
        JsonNode kind = doc.get("kind");
        if (kind != null && "List".equals(kind.asText()) && doc.has("items")) {
            JsonNode items = doc.get("items");
            if (!items.isArray()) {
                throw new PolicyException(origin + ": items: must be a list");
            }
            for (int i = 0; i < items.size(); i++) {
                readResource(items.get(i), new Origin(file, index, i), out);
            }
            return;
        }
        readResource(doc, origin, out);
    }

    private void readResource(JsonNode doc, Origin origin, List<PolicyResource> out) throws PolicyException {
        if (!doc.isObject()) {
            throw new PolicyException(origin + ": must be a Kubernetes object (a mapping with apiVersion and kind)");
        }
        JsonNode kind = doc.get("kind");
        if (kind == null || !kind.isTextual() || kind.textValue().isEmpty()) {
            throw new PolicyException(origin + ": kind: is required");
        }
        if (!ResourceReader.isPolicyKind(kind.textValue())) {
            LOG.debug("{}: skipping kind {}", origin, kind.textValue());
            return;
        }
        out.add(reader.read(doc, origin));
    }
}
