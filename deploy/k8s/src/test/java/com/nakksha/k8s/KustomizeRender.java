package com.nakksha.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset of kustomize the
 * overlays use (resources, namespace, labels, images, replicas, JSON 6902 patches with a target),
 * so the build checks every overlay on a machine with only a JDK. A kustomization that uses
 * anything else fails here instead of being half rendered. {@code kubectl kustomize} gives the same
 * objects (checked by hand, deploy/k8s/README.md).
 */
final class KustomizeRender {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "labels", "images", "replicas", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");

    private KustomizeRender() {
    }

    static List<ObjectNode> render(Path directory) throws IOException {
        JsonNode kustomization = YAML.readTree(directory.resolve("kustomization.yaml").toFile());
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(directory + "/kustomization.yaml uses '" + field + "', which this renderer does not support");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = directory.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(render(path));
            } else {
                objects.addAll(documents(path));
            }
        }
        for (JsonNode label : kustomization.path("labels")) {
            label.path("pairs").fields().forEachRemaining(pair -> objects.forEach(object ->
                    metadata(object).with("labels").put(pair.getKey(), pair.getValue().asText())));
        }
        if (kustomization.has("namespace")) {
            objects.stream().filter(object -> !CLUSTER_SCOPED.contains(object.path("kind").asText()))
                    .forEach(object -> metadata(object).put("namespace", kustomization.path("namespace").asText()));
        }
        for (JsonNode image : kustomization.path("images")) {
            for (ObjectNode object : objects) {
                for (JsonNode container : object.path("spec").path("template").path("spec").path("containers")) {
                    String current = container.path("image").asText();
                    String name = current.contains(":") ? current.substring(0, current.lastIndexOf(':')) : current;
                    if (name.equals(image.path("name").asText())) {
                        String newName = image.path("newName").asText(name);
                        String newTag = image.path("newTag").asText(current.substring(name.length() + 1));
                        ((ObjectNode) container).put("image", newName + ":" + newTag);
                    }
                }
            }
        }
        for (JsonNode replicas : kustomization.path("replicas")) {
            matching(objects, "Deployment", replicas.path("name").asText())
                    .forEach(object -> ((ObjectNode) object.path("spec")).put("replicas", replicas.path("count").asInt()));
        }
        for (JsonNode patch : kustomization.path("patches")) {
            JsonNode operations = YAML.readTree(directory.resolve(patch.path("path").asText()).toFile());
            List<ObjectNode> targets = matching(objects, patch.path("target").path("kind").asText(), patch.path("target").path("name").asText());
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("patch " + patch.path("path").asText() + " matches no object");
            }
            targets.forEach(target -> operations.forEach(operation -> apply(target, operation)));
        }
        return objects;
    }

    private static List<ObjectNode> documents(Path file) throws IOException {
        List<ObjectNode> documents = new ArrayList<>();
        try (var parser = YAML.createParser(file.toFile())) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document instanceof ObjectNode object && !object.isEmpty()) {
                    documents.add(object);
                }
            }
        }
        return documents;
    }

    private static ObjectNode metadata(ObjectNode object) {
        return object.with("metadata");
    }

    private static List<ObjectNode> matching(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(object -> object.path("kind").asText().equals(kind)
                && object.path("metadata").path("name").asText().equals(name)).toList();
    }

    /** JSON Patch (RFC 6902) {@code add} and {@code replace}; the overlays need no other operation. */
    private static void apply(ObjectNode target, JsonNode operation) {
        String op = operation.path("op").asText();
        JsonPointer pointer = JsonPointer.compile(operation.path("path").asText());
        JsonNode parent = target.at(pointer.head());
        String field = pointer.last().getMatchingProperty();
        if (!op.equals("add") && !op.equals("replace")) {
            throw new IllegalArgumentException("unsupported patch operation " + op);
        }
        if (op.equals("replace") && target.at(pointer).isMissingNode()) {
            throw new IllegalArgumentException("replace of " + pointer + " which " + target.path("metadata").path("name").asText() + " does not have");
        }
        if (parent instanceof ObjectNode object) {
            object.set(field, operation.path("value"));
        } else if (parent instanceof ArrayNode array) {
            int index = pointer.last().getMatchingIndex();
            if (op.equals("replace")) {
                array.set(index, operation.path("value"));
            } else if ("-".equals(field)) {
                array.add(operation.path("value"));
            } else {
                array.insert(index, operation.path("value"));
            }
        } else {
            throw new IllegalArgumentException("patch path " + pointer + " has no parent in " + target.path("metadata").path("name").asText());
        }
    }
}
