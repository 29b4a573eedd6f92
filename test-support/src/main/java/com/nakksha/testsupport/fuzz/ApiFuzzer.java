package com.nakksha.testsupport.fuzz;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Supplier;

import com.nakksha.testsupport.TestTokens;
import net.jqwik.engine.SourceOfRandomness;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriUtils;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Issue 14's fuzz test: reads the running service's own OpenAPI document ({@code /v3/api-docs}) and, for every
 * operation, sends requests whose path parameters, query parameters, headers and JSON body fields (following
 * the schema through nested objects and arrays) take hostile values ({@link HostileValues}): any text, any
 * number, any date, wrong types, missing and extra fields, broken bodies. Each request goes once with a valid
 * token for the operation's audience (from the service's {@code nakksha.security.*-paths}: none for public
 * paths, an admin with a second factor for admin paths, an approved consultant otherwise) and once without.
 * Every answer must be 2xx or a 4xx {@code application/problem+json}; a 5xx (503 included: no infrastructure
 * is down here) or a 4xx of another type is a finding, printed with the operation, the request and the answer.
 *
 * <p>Random requests rarely get past an operation's first checks to its deepest code (a public booking of a
 * free slot, a signed webhook). For such operations a test gives accepted requests ({@link #withAccepted}):
 * each must answer 2xx as it stands, then every one-change variant of it ({@link AcceptedDerivations}) is sent
 * and held to the same rule, a fresh accepted request being asked for after each change the service accepted.
 *
 * <p>Values come from jqwik arbitraries on one seeded random per operation (seed {@value #DEFAULT_SEED}, or
 * {@code -Dnakksha.fuzz.seed}; {@code -Dnakksha.fuzz.tries} requests per operation, default
 * {@value #DEFAULT_TRIES}), so a run repeats and an operation's requests do not change when others are added.
 */
public final class ApiFuzzer {

    public static final long DEFAULT_SEED = 14_2026_11_30L;
    public static final int DEFAULT_TRIES = 40;

    private static final String API_DOCS = "/v3/api-docs";
    private static final int DOCS_LIMIT_BYTES = 4 * 1024 * 1024;
    private static final int SHOWN_CHARS = 600;
    // As every service test client waits (NakkshaServiceTest): a first answer can take seconds on a busy two-core machine.
    private static final java.time.Duration ANSWER_TIMEOUT = java.time.Duration.ofSeconds(30);
    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    private final WebTestClient web;
    private final Environment environment;
    private final long seed;
    private final int tries;
    private final String consultantToken;
    private final String adminToken;
    private final Map<String, Supplier<AcceptedRequest>> accepted;

    private ApiFuzzer(WebTestClient web, Environment environment, long seed, int tries, String consultantToken, String adminToken,
            Map<String, Supplier<AcceptedRequest>> accepted) {
        this.web = web.mutate().responseTimeout(ANSWER_TIMEOUT)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(DOCS_LIMIT_BYTES)).build();
        this.environment = environment;
        this.seed = seed;
        this.tries = tries;
        this.consultantToken = consultantToken;
        this.adminToken = adminToken;
        this.accepted = Map.copyOf(accepted);
    }

    /**
     * A fuzzer of the service behind {@code web}, with the seed and tries from system properties or their defaults,
     * calling as an approved consultant and an admin with a second factor signed by {@link TestTokens}.
     */
    public static ApiFuzzer of(WebTestClient web, Environment environment) {
        long seed = Long.getLong("nakksha.fuzz.seed", DEFAULT_SEED);
        Random ids = new Random(seed);
        return new ApiFuzzer(web, environment, seed, Integer.getInteger("nakksha.fuzz.tries", DEFAULT_TRIES),
                TestTokens.approvedConsultant(new UUID(ids.nextLong(), ids.nextLong())), TestTokens.admin(new UUID(ids.nextLong(), ids.nextLong())), Map.of());
    }

    /** The same fuzzer calling with these tokens, for a service that only accepts its own (identity-service). */
    public ApiFuzzer withTokens(String consultant, String admin) {
        return new ApiFuzzer(web, environment, seed, tries, consultant, admin, accepted);
    }

    /**
     * The same fuzzer also changing, one place at a time, accepted requests of one operation.
     *
     * @param operationKey the operation as its OpenAPI document has it, method and path template
     *                     ({@code "POST /api/v1/public/{slug}/bookings"}); a key the document lacks fails the run
     * @param fresh        a new request the service accepts as it stands, each time it is asked
     */
    public ApiFuzzer withAccepted(String operationKey, Supplier<AcceptedRequest> fresh) {
        Map<String, Supplier<AcceptedRequest>> more = new LinkedHashMap<>(accepted);
        more.put(operationKey, fresh);
        return new ApiFuzzer(web, environment, seed, tries, consultantToken, adminToken, more);
    }

    /** Fuzzes every operation of the document; the report lists what was sent and every finding. */
    public FuzzReport run() {
        Map<String, Object> document = web.get().uri(API_DOCS).exchange()
                .expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();
        OpenApiDocument api = new OpenApiDocument(document);
        FuzzReport report = new FuzzReport(seed, tries);
        String base = "http://localhost:" + environment.getRequiredProperty("local.server.port");
        List<String> documented = api.operations().stream().map(OpenApiDocument.Operation::key).toList();
        accepted.keySet().stream().filter(key -> !documented.contains(key)).findFirst().ifPresent(key -> {
            throw new AssertionError("accepted requests for " + key + ", which the OpenAPI document does not list: " + documented);
        });
        for (OpenApiDocument.Operation operation : api.operations()) {
            Audience audience = audienceOf(operation.path());
            // One random per operation, from the seed and the operation alone: adding an operation changes no other's requests.
            Random random = SourceOfRandomness.create(Long.toString(seed ^ operation.key().hashCode()));
            RequestBuilder requests = new RequestBuilder(api, new HostileValues(random));
            for (int i = 0; i < tries; i++) {
                FuzzRequest request = requests.build(operation);
                send(base, operation, request, audience.token(this), audience.name().toLowerCase() + " token", report);
                if (audience != Audience.PUBLIC) {
                    send(base, operation, request, null, "no token", report);
                }
            }
            if (accepted.containsKey(operation.key())) {
                changeAccepted(base, operation, accepted.get(operation.key()), new HostileValues(random), report);
            }
        }
        return report;
    }

    private void changeAccepted(String base, OpenApiDocument.Operation operation, Supplier<AcceptedRequest> fresh,
            HostileValues values, FuzzReport report) {
        AcceptedRequest current = fresh.get();
        String caller = current.token() == null ? "accepted, public" : "accepted, with its token";
        int status = send(base, operation, AcceptedDerivations.unchanged(current, values), current.token(), caller, report);
        if (status < 200 || status >= 300) {
            report.record(operation.key(), status, new FuzzReport.Finding(operation.key(), "accepted request answered " + status,
                    current.method() + " " + shown(current.pathAndQuery()) + " " + shown(String.valueOf(current.jsonBody()))));
            return;
        }
        current = fresh.get();
        for (AcceptedDerivations.Change change : AcceptedDerivations.of(current, values)) {
            status = send(base, operation, change.apply().apply(current), current.token(), caller + ", " + change.description(), report);
            if (status >= 200 && status < 300) {
                current = fresh.get();
            }
        }
    }

    /** Sends one request and records its answer; returns the status, 0 for no answer. */
    private int send(String base, OpenApiDocument.Operation operation, FuzzRequest request, String token, String caller,
            FuzzReport report) {
        WebTestClient.RequestBodySpec spec = web.method(HttpMethod.valueOf(operation.method()))
                .uri(URI.create(base + request.pathAndQuery()))
                .headers(headers -> {
                    headers.set(HttpHeaders.ACCEPT, "*/*");
                    request.headers().forEach(headers::set);
                    if (token != null) {
                        headers.setBearerAuth(token);
                    }
                });
        WebTestClient.RequestHeadersSpec<?> ready = request.body() == null ? spec
                : spec.contentType(request.contentType()).bodyValue(request.body().getBytes(StandardCharsets.UTF_8));
        EntityExchangeResult<byte[]> answer;
        try {
            answer = ready.exchange().expectBody().returnResult();
        } catch (RuntimeException e) {
            // No answer within the timeout, or a dropped connection, is a finding like a 5xx: the client cannot act on it.
            report.record(operation.key(), 0, new FuzzReport.Finding(operation.key(), "no answer: " + e.getClass().getSimpleName(),
                    operation.method() + " " + shown(request.pathAndQuery()) + " (" + shown(caller) + "): " + e));
            return 0;
        }
        int status = answer.getStatus().value();
        MediaType type = answer.getResponseHeaders().getContentType();
        String problem = null;
        if (status >= 500) {
            problem = "answered " + status;
        } else if (status >= 400 && (type == null || !type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))) {
            problem = "answered " + status + " as " + type + ", not application/problem+json";
        }
        report.record(operation.key(), status, problem == null ? null : new FuzzReport.Finding(operation.key(), problem,
                describe(operation, request, caller, answer)));
        return status;
    }

    private static String describe(OpenApiDocument.Operation operation, FuzzRequest request, String caller,
            EntityExchangeResult<byte[]> answer) {
        StringJoiner text = new StringJoiner("\n    ");
        text.add(operation.method() + " " + request.pathAndQuery() + " (" + shown(caller) + ")");
        request.headers().forEach((name, value) -> text.add(name + ": " + shown(value)));
        if (request.body() != null) {
            text.add("Content-Type: " + request.contentType());
            text.add("body: " + shown(request.body()));
        }
        text.add("-> " + answer.getStatus() + " " + answer.getResponseHeaders().getContentType());
        byte[] body = answer.getResponseBodyContent();
        text.add("answer: " + (body == null ? "" : shown(new String(body, StandardCharsets.UTF_8))));
        return text.toString();
    }

    /** Long values cut, and characters that would garble a console shown as escapes. */
    static String shown(String value) {
        String cut = value.length() > SHOWN_CHARS ? value.substring(0, SHOWN_CHARS) + "... (" + value.length() + " chars)" : value;
        StringBuilder shown = new StringBuilder();
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE || Character.getType(c) == Character.FORMAT) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }

    private Audience audienceOf(String pathTemplate) {
        // The template's variables as plain segments, to match the service's own path patterns.
        PathContainer path = PathContainer.parsePath(pathTemplate.replaceAll("\\{[^}]*}", "x"));
        Binder binder = Binder.get(environment);
        if (matches(binder, "nakksha.security.public-paths", List.of(), path)) {
            return Audience.PUBLIC;
        }
        if (matches(binder, "nakksha.security.second-factor-enrolment-paths", List.of(), path)
                || matches(binder, "nakksha.security.admin-paths", List.of("/api/v1/admin/**"), path)) {
            return Audience.ADMIN;
        }
        return Audience.CONSULTANT;
    }

    private static boolean matches(Binder binder, String property, List<String> defaults, PathContainer path) {
        return binder.bind(property, Bindable.listOf(String.class)).orElse(defaults).stream()
                .anyMatch(pattern -> PathPatternParser.defaultInstance.parse(pattern).matches(path));
    }

    private enum Audience {
        PUBLIC, CONSULTANT, ADMIN;

        String token(ApiFuzzer fuzzer) {
            return switch (this) {
                case PUBLIC -> null;
                case CONSULTANT -> fuzzer.consultantToken;
                case ADMIN -> fuzzer.adminToken;
            };
        }
    }

    /** One request: its path and query already percent-encoded, headers, and a body as text or none. */
    record FuzzRequest(String pathAndQuery, Map<String, String> headers, MediaType contentType, String body) {
    }

    /** Builds requests for operations from their parameters and body schema. */
    static final class RequestBuilder {

        private final OpenApiDocument api;
        private final HostileValues values;

        RequestBuilder(OpenApiDocument api, HostileValues values) {
            this.api = api;
            this.values = values;
        }

        FuzzRequest build(OpenApiDocument.Operation operation) {
            // How hostile this request is: mostly plausible fields with one bad one reach deeper than all-bad ones.
            double hostility = values.pick(List.of(0.0, 0.1, 0.3, 0.8));
            String path = operation.path();
            StringJoiner query = new StringJoiner("&");
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map<String, Object> parameter : operation.parameters()) {
                String name = String.valueOf(parameter.get("name"));
                Map<String, Object> schema = api.resolve(parameter.get("schema"));
                boolean required = Boolean.TRUE.equals(parameter.get("required"));
                switch (String.valueOf(parameter.get("in"))) {
                    case "path" -> path = path.replace("{" + name + "}",
                            UriUtils.encodePathSegment(parameterValue(name, schema, hostility), StandardCharsets.UTF_8));
                    case "query" -> {
                        if (required || values.chance(0.6)) {
                            int repeats = "array".equals(schema.get("type")) && values.chance(0.3) ? 2 : 1;
                            for (int i = 0; i < repeats; i++) {
                                query.add(UriUtils.encodeQueryParam(name, StandardCharsets.UTF_8) + "="
                                        + UriUtils.encodeQueryParam(parameterValue(name, schema, hostility), StandardCharsets.UTF_8));
                            }
                        }
                    }
                    case "header" -> {
                        if (required || values.chance(0.7)) {
                            headers.put(name, headerValue(parameterValue(name, schema, hostility)));
                        }
                    }
                    default -> {
                    }
                }
            }
            // The platform's Idempotency-Key (service-defaults' IdempotencyKeys) is read by the handlers, not always declared.
            if (!"GET".equals(operation.method()) && headers.keySet().stream().noneMatch("Idempotency-Key"::equalsIgnoreCase)
                    && values.chance(0.8)) {
                headers.put("Idempotency-Key", values.chance(hostility) ? headerValue(values.hostileText(true))
                        : new UUID(values.randomLong(), values.randomLong()).toString());
            }
            if (values.chance(hostility / 4)) {
                query.add(UriUtils.encodeQueryParam(values.hostileText(true), StandardCharsets.UTF_8) + "="
                        + UriUtils.encodeQueryParam(values.hostileText(true), StandardCharsets.UTF_8));
            }
            String pathAndQuery = query.length() == 0 ? path : path + "?" + query;
            if (operation.bodyType() == null) {
                return new FuzzRequest(pathAndQuery, headers, null, null);
            }
            MediaType type = MediaType.parseMediaType(operation.bodyType());
            String body;
            if (values.chance(0.08)) {
                body = values.hostileBody();
            } else if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                body = json(api.resolve(operation.bodySchema()), hostility, 0);
            } else {
                body = values.chance(hostility) ? values.hostileText(false) : values.plausibleText(api.resolve(operation.bodySchema()));
            }
            return new FuzzRequest(pathAndQuery, headers, type, body);
        }

        private String parameterValue(String name, Map<String, Object> schema, double hostility) {
            if (values.chance(hostility)) {
                return values.hostileParameter(schema);
            }
            if ("array".equals(schema.get("type"))) {
                Map<String, Object> items = api.resolve(schema.get("items"));
                List<String> parts = new ArrayList<>();
                for (int i = 0, n = 1 + values.below(3); i < n; i++) {
                    parts.add(values.plausibleText(items, name));
                }
                return String.join(",", parts);
            }
            return values.plausibleText(schema, name);
        }

        /** Header values the HTTP client can send at all: visible ASCII, trimmed (Netty refuses controls and edge spaces). */
        private static String headerValue(String value) {
            return value.codePoints().filter(c -> c >= 0x20 && c < 0x7f)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().trim();
        }

        /** A JSON value for this schema; each field hostile with probability {@code hostility}, missing or joined by an unknown one. */
        private String json(Map<String, Object> schema, double hostility, int depth) {
            return json(schema, "", hostility, depth);
        }

        private String json(Map<String, Object> schema, String name, double hostility, int depth) {
            if (depth > 0 && values.chance(hostility)) {
                return values.hostileJson(schema);
            }
            Map<String, Object> properties = api.properties(schema);
            String type = String.valueOf(schema.get("type"));
            if (!properties.isEmpty() || "object".equals(type)) {
                StringJoiner object = new StringJoiner(",", "{", "}");
                properties.forEach((field, property) -> {
                    if (!values.chance(hostility / 3)) {
                        object.add(HostileValues.jsonString(field) + ":" + json(api.resolve(property), field, hostility, depth + 1));
                    }
                });
                if (values.chance(hostility / 3)) {
                    object.add(HostileValues.jsonString(values.hostileText(false)) + ":" + values.hostileJson(Map.of()));
                }
                return object.toString();
            }
            if ("array".equals(type)) {
                StringJoiner array = new StringJoiner(",", "[", "]");
                int size = values.chance(hostility / 2) ? values.pick(List.of(0, 50, 1_001)) : 1 + values.below(3);
                Map<String, Object> items = api.resolve(schema.get("items"));
                for (int i = 0; i < size; i++) {
                    array.add(json(items, name, hostility, depth + 1));
                }
                return array.toString();
            }
            String text = values.plausibleText(schema, name);
            return switch (type) {
                case "integer", "number", "boolean" -> text;
                default -> HostileValues.jsonString(text);
            };
        }
    }
}
