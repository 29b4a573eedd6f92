package com.nakksha.testsupport.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of an OpenAPI 3 document (as parsed JSON) the fuzzer needs: operations, parameters, body schemas, {@code $ref}s. */
final class OpenApiDocument {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    private final Map<String, Object> document;

    OpenApiDocument(Map<String, Object> document) {
        this.document = document;
    }

    /** One operation: method, path template, its parameters and its body's media type and schema (null when it takes none). */
    record Operation(String method, String path, List<Map<String, Object>> parameters, String bodyType, Object bodySchema) {

        String key() {
            return method + " " + path;
        }
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        map(document.get("paths")).forEach((path, item) -> {
            Map<String, Object> pathItem = map(item);
            List<Map<String, Object>> shared = parameters(pathItem.get("parameters"));
            for (String method : METHODS) {
                Map<String, Object> operation = map(pathItem.get(method));
                if (operation.isEmpty()) {
                    continue;
                }
                List<Map<String, Object>> parameters = new ArrayList<>(shared);
                parameters.addAll(parameters(operation.get("parameters")));
                String bodyType = null;
                Object bodySchema = null;
                Map<String, Object> content = map(map(resolve(operation.get("requestBody"))).get("content"));
                if (!content.isEmpty()) {
                    bodyType = content.containsKey("application/json") ? "application/json" : content.keySet().iterator().next();
                    bodySchema = map(content.get(bodyType)).get("schema");
                }
                operations.add(new Operation(method.toUpperCase(), path, parameters, bodyType, bodySchema));
            }
        });
        return operations;
    }

    private List<Map<String, Object>> parameters(Object list) {
        List<Map<String, Object>> parameters = new ArrayList<>();
        if (list instanceof List<?> items) {
            items.forEach(item -> parameters.add(resolve(item)));
        }
        return parameters;
    }

    /** The schema or object itself, or the component a {@code $ref} names; an empty map for null. */
    Map<String, Object> resolve(Object schema) {
        Map<String, Object> map = map(schema);
        Object ref = map.get("$ref");
        if (ref instanceof String reference) {
            String[] parts = reference.substring(2).split("/");
            Object target = document;
            for (String part : parts) {
                target = map(target).get(part);
            }
            return resolve(target);
        }
        return map;
    }

    /** An object schema's properties, {@code allOf} merged and the first of {@code oneOf}/{@code anyOf} taken. */
    Map<String, Object> properties(Map<String, Object> schema) {
        Map<String, Object> properties = new LinkedHashMap<>(map(schema.get("properties")));
        for (String combination : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.get(combination) instanceof List<?> parts) {
                for (Object part : parts) {
                    properties.putAll(properties(resolve(part)));
                    if (!"allOf".equals(combination)) {
                        break;
                    }
                }
            }
        }
        return properties;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
