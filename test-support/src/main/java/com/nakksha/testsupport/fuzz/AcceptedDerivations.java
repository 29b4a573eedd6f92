package com.nakksha.testsupport.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.web.util.UriUtils;

/**
 * The one-change variants of an accepted request: every place of its JSON body (each field and array element,
 * nested ones included, the first {@value #MAX_PLACES} in document order) set to {@code null}, removed, or set
 * to {@value #HOSTILE_PER_PLACE} hostile values of the accepted value's kind ({@link HostileValues#hostileJson});
 * and every query parameter set to {@value #HOSTILE_PER_PLACE} hostile values. Each change is worked out once,
 * from the first accepted request, and applied to whichever fresh accepted request the fuzzer holds, so the
 * values repeat with the seed while the request around them can be new (another free slot).
 */
final class AcceptedDerivations {

    static final int MAX_PLACES = 40;
    static final int HOSTILE_PER_PLACE = 4;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern UUID_TEXT = Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    private static final Pattern DATE_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.*");
    // Stands in for a raw JSON value while the tree is written; the raw text then replaces it, so values no
    // JSON library would write (1e309, lone surrogate escapes) reach the server as they are.
    private static final String MARKER = "fuzz-marker-5d0c1e";

    private AcceptedDerivations() {
    }

    /** One change: what it does, for the report, and how to make it on an accepted request. */
    record Change(String description, Function<AcceptedRequest, ApiFuzzer.FuzzRequest> apply) {
    }

    /** The changes of {@code accepted}, hostile values drawn from {@code values}. */
    static List<Change> of(AcceptedRequest accepted, HostileValues values) {
        List<Change> changes = new ArrayList<>();
        if (accepted.jsonBody() != null) {
            JsonNode body = JSON.readTree(accepted.jsonBody());
            List<List<Object>> places = new ArrayList<>();
            collectPlaces(body, new ArrayList<>(), places);
            for (List<Object> place : places) {
                JsonNode original = at(body, place);
                String where = pointer(place);
                changes.add(bodyChange(where + " null", place, "null", values));
                changes.add(bodyChange(where + " removed", place, null, values));
                for (int i = 0; i < HOSTILE_PER_PLACE; i++) {
                    String raw = values.hostileJson(schemaOf(original));
                    changes.add(bodyChange(where + " = " + raw, place, raw, values));
                }
            }
        }
        List<String[]> query = query(accepted.pathAndQuery());
        for (String[] parameter : query) {
            String name = parameter[0];
            Map<String, Object> schema = schemaOfText(UriUtils.decode(parameter[1], StandardCharsets.UTF_8));
            for (int i = 0; i < HOSTILE_PER_PLACE; i++) {
                String hostile = values.hostileParameter(schema);
                changes.add(new Change("?" + name + "=" + hostile, request -> {
                    StringBuilder pathAndQuery = new StringBuilder(path(request.pathAndQuery()));
                    String separator = "?";
                    for (String[] own : query(request.pathAndQuery())) {
                        String value = own[0].equals(name) ? UriUtils.encodeQueryParam(hostile, StandardCharsets.UTF_8) : own[1];
                        pathAndQuery.append(separator).append(own[0]).append('=').append(value);
                        separator = "&";
                    }
                    return request(request, pathAndQuery.toString(), request.jsonBody(), values);
                }));
            }
        }
        return changes;
    }

    /**
     * The request as accepted, with a new Idempotency-Key if it carries one (it names this request alone) and a new
     * client address if it carries an X-Forwarded-For (so per-address limits do not stand in for the change's answer).
     */
    static ApiFuzzer.FuzzRequest unchanged(AcceptedRequest request, HostileValues values) {
        return request(request, request.pathAndQuery(), request.jsonBody(), values);
    }

    private static Change bodyChange(String description, List<Object> place, String raw, HostileValues values) {
        return new Change(description, request -> {
            JsonNode tree = JSON.readTree(request.jsonBody());
            JsonNode parent = at(tree, place.subList(0, place.size() - 1));
            Object last = place.get(place.size() - 1);
            if (parent instanceof ObjectNode object && last instanceof String field && object.has(field)) {
                if (raw == null) {
                    object.remove(field);
                } else {
                    object.put(field, MARKER);
                }
            } else if (parent instanceof ArrayNode array && last instanceof Integer index && index < array.size()) {
                if (raw == null) {
                    array.remove(index);
                } else {
                    array.set(index, array.stringNode(MARKER));
                }
            }
            String body = JSON.writeValueAsString(tree);
            return request(request, request.pathAndQuery(), raw == null ? body : body.replace("\"" + MARKER + "\"", raw), values);
        });
    }

    private static ApiFuzzer.FuzzRequest request(AcceptedRequest request, String pathAndQuery, String body, HostileValues values) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headersFor(body).forEach((name, value) -> {
            if ("Idempotency-Key".equalsIgnoreCase(name)) {
                headers.put(name, new UUID(values.randomLong(), values.randomLong()).toString());
            } else if ("X-Forwarded-For".equalsIgnoreCase(name)) {
                headers.put(name, "10." + values.below(256) + "." + values.below(256) + "." + (1 + values.below(254)));
            } else {
                headers.put(name, value);
            }
        });
        return new ApiFuzzer.FuzzRequest(pathAndQuery, headers, body == null ? null : MediaType.APPLICATION_JSON, body);
    }

    private static void collectPlaces(JsonNode node, List<Object> here, List<List<Object>> places) {
        if (node instanceof ObjectNode object) {
            for (String field : object.propertyNames()) {
                visit(object.get(field), here, field, places);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                visit(array.get(i), here, i, places);
            }
        }
    }

    private static void visit(JsonNode child, List<Object> here, Object step, List<List<Object>> places) {
        if (places.size() >= MAX_PLACES) {
            return;
        }
        List<Object> place = new ArrayList<>(here);
        place.add(step);
        places.add(place);
        collectPlaces(child, place, places);
    }

    private static JsonNode at(JsonNode tree, List<Object> place) {
        JsonNode node = tree;
        for (Object step : place) {
            if (node == null) {
                return null;
            }
            node = step instanceof Integer index ? node.get(index) : node.get((String) step);
        }
        return node;
    }

    private static String pointer(List<Object> place) {
        StringBuilder pointer = new StringBuilder();
        place.forEach(step -> pointer.append('/').append(step));
        return pointer.toString();
    }

    /** A schema of the accepted value's kind, so hostile values include edge cases of that kind. */
    private static Map<String, Object> schemaOf(JsonNode value) {
        if (value == null) {
            return Map.of();
        }
        if (value.isNumber()) {
            return Map.of("type", value.isIntegralNumber() ? "integer" : "number");
        }
        if (value.isBoolean()) {
            return Map.of("type", "boolean");
        }
        if (value.isString()) {
            return schemaOfText(value.stringValue());
        }
        return Map.of("type", value.isArray() ? "array" : "object");
    }

    private static Map<String, Object> schemaOfText(String text) {
        if (UUID_TEXT.matcher(text).matches()) {
            return Map.of("type", "string", "format", "uuid");
        }
        if (DATE_TEXT.matcher(text).matches()) {
            return Map.of("type", "string", "format", "date");
        }
        if (DATE_TIME_TEXT.matcher(text).matches()) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (text.matches("-?\\d+")) {
            return Map.of("type", "integer");
        }
        return Map.of("type", "string");
    }

    private static String path(String pathAndQuery) {
        int mark = pathAndQuery.indexOf('?');
        return mark < 0 ? pathAndQuery : pathAndQuery.substring(0, mark);
    }

    /** The query's parameters in order, names and values as encoded. */
    private static List<String[]> query(String pathAndQuery) {
        int mark = pathAndQuery.indexOf('?');
        List<String[]> parameters = new ArrayList<>();
        if (mark < 0) {
            return parameters;
        }
        for (String pair : pathAndQuery.substring(mark + 1).split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                parameters.add(equals < 0 ? new String[] {pair, ""} : new String[] {pair.substring(0, equals), pair.substring(equals + 1)});
            }
        }
        return parameters;
    }
}
