package com.nakksha.testsupport.fuzz;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Values for one field of a request, drawn from jqwik arbitraries on the fuzzer's seeded random: plausible
 * ones of the schema's type (so a request gets past its first field and reaches the others) and hostile
 * ones: edge and random text, numbers, dates and instants, wrong types. JSON values are raw JSON text, so a
 * number too big for any Java type or a lone surrogate escape reaches the server as written.
 */
final class HostileValues {

    /** Longer than any text column or field limit of the services, and still well under their body limits. */
    static final int LONG_TEXT = 70_000;
    /** Path segments and query parameters stay within the HTTP server's 4 KiB request line once percent-encoded. */
    private static final int URL_TEXT = 300;

    private static final List<String> EDGE_TEXT = List.of(
            "", " ", "\u0000", "a\u0000b", "\r\n", "line\nbreak", "\t", "\u007f", "\u0085", "\u009f", "\u200b", "\ufeff",
            "\u202eevil", "😀", "ट्रेन बुक करें", "Ω≈ç√∫", "ǅ", "' OR '1'='1", "'; DROP TABLE session; --", "%", "_", "\\",
            "%_%\\", "\"", "{\"a\":1}", "null", "[]", "<script>alert(1)</script>", "../../etc/passwd", "${jndi:ldap://x}",
            "x".repeat(255), "x".repeat(256), "é".repeat(200));

    private static final List<String> EDGE_NUMBER_TEXT = List.of(
            "0", "-1", "-0", "1.5", "0.001", "1e309", "-1e309", "1E2", "NaN", "Infinity", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890.123456789",
            "0x10", "١٢٣", " 1", "1 ", "+1", "00001", "1,000");

    private static final List<String> EDGE_DATE_TEXT = List.of(
            "+300000-01-01", "-300000-01-01", "0000-01-01", "0001-01-01", "1899-12-31", "1900-01-01", "9999-12-31",
            "10000-01-01", "2026-02-30", "2026-13-01", "2026-00-10", "2026-1-1", "31/12/2026", "2026-11-30T10:00:00Z",
            "+300000-01-01T00:00:00Z", "-300000-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
            "10000-01-01T00:00:00Z", "2026-11-30T25:00:00Z", "2026-11-30T10:00:00+18:00", "2026-11-30T10:00:00-18:00",
            "2026-11-30T10:00:00+19:00", "2026-11-30T10:00", "2026-11-30 10:00:00", "1764496800", "today", "P1D", "PT-1S",
            "Asia/Kolkata", "Mars/Olympus", "+25:00");

    private static final List<String> EDGE_UUID_TEXT = List.of(
            "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "not-a-uuid",
            "0b1e9a7c4d5e4f60a1b2c3d4e5f60718", "0B1E9A7C-4D5E-4F60-A1B2-C3D4E5F60718", "0b1e9a7c-4d5e-4f60-a1b2-c3d4e5f6071",
            "{0b1e9a7c-4d5e-4f60-a1b2-c3d4e5f60718}");

    /** Raw JSON numbers, some valid JSON that no Java number type holds, some not JSON at all. */
    private static final List<String> EDGE_JSON_NUMBERS = List.of(
            "0", "-1", "-0", "1.5", "-1.5", "0.001", "1e309", "-1e309", "1e-400", "1E2", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890.123456789",
            "99999999999999999999999999999999999999999999999999", "1.0000000000000000000000001", "NaN", "Infinity", "01");

    private static final List<String> WRONG_TYPES = List.of(
            "null", "true", "false", "[]", "{}", "\"\"", "\"text\"", "0", "-1", "1.5", "[1,\"a\",null]", "{\"a\":{\"b\":[]}}",
            "[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]");

    private final Random random;

    HostileValues(Random random) {
        this.random = random;
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    long randomLong() {
        return random.nextLong();
    }

    int below(int bound) {
        return random.nextInt(bound);
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Any text: edge cases, jqwik's strings over all of Unicode (surrogates included) or Latin-1 with its controls, or very long. */
    String hostileText(boolean inUrl) {
        int maxLength = inUrl ? URL_TEXT : LONG_TEXT;
        String text = switch (below(8)) {
            case 0, 1 -> pick(EDGE_TEXT);
            case 2 -> Arbitraries.strings().all().ofMaxLength(40).sample();
            case 3 -> Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(40).sample();
            case 4 -> pick(EDGE_NUMBER_TEXT);
            case 5 -> pick(EDGE_DATE_TEXT);
            case 6 -> pick(EDGE_UUID_TEXT);
            default -> Arbitraries.strings().withChars("x'\"%_\\é😀").ofLength(inUrl ? URL_TEXT : pick(List.of(256, 1_000, 10_001, LONG_TEXT))).sample();
        };
        return text.length() > maxLength ? text.substring(0, maxLength) : text;
    }

    /**
     * Text for a field of this schema that should pass its type (and enum, example or a field name the platform
     * gives a form, such as a time zone or a phone country code), though not necessarily the service's rules.
     */
    String plausibleText(Map<String, Object> schema) {
        return plausibleText(schema, "");
    }

    String plausibleText(Map<String, Object> schema, String name) {
        Object enumeration = schema.get("enum");
        if (enumeration instanceof List<?> values && !values.isEmpty()) {
            return String.valueOf(pick(values));
        }
        if (schema.get("example") != null && !(schema.get("example") instanceof Map) && chance(0.5)) {
            return String.valueOf(schema.get("example"));
        }
        String field = name.toLowerCase(java.util.Locale.ROOT);
        if ("string".equals(schema.get("type")) && !schema.containsKey("format")) {
            if (field.endsWith("zone")) {
                return pick(List.of("Asia/Kolkata", "UTC", "America/New_York"));
            } else if (field.endsWith("email")) {
                return "fuzz" + below(1000) + "@example.in";
            } else if (field.endsWith("countrycode")) {
                return pick(List.of("+91", "+1", "91"));
            } else if (field.startsWith("phone")) {
                return "98" + (10_000_000 + below(89_999_999));
            } else if (field.endsWith("currency")) {
                return "INR";
            } else if (field.contains("amount") || field.contains("price") || field.contains("percentage")) {
                return Integer.toString(below(5_000)) + ".00";
            }
        }
        String type = String.valueOf(schema.get("type"));
        String format = String.valueOf(schema.get("format"));
        return switch (type) {
            case "integer" -> Long.toString(plausibleInteger(schema));
            case "number" -> Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("100000")).ofScale(2).sample().toPlainString();
            case "boolean" -> Boolean.toString(random.nextBoolean());
            default -> switch (format) {
                case "uuid" -> new UUID(random.nextLong(), random.nextLong()).toString();
                case "date" -> LocalDate.of(2026, 1, 1).plusDays(below(900)).toString();
                case "date-time" -> Instant.parse("2026-01-01T00:00:00Z").plusSeconds(below(900) * 86_400L + below(86_400)).toString();
                case "email" -> "fuzz" + below(1000) + "@example.in";
                case "uri" -> "https://example.in/" + below(1000);
                default -> Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20).sample();
            };
        };
    }

    private long plausibleInteger(Map<String, Object> schema) {
        long min = schema.get("minimum") instanceof Number n ? n.longValue() : 0;
        long max = schema.get("maximum") instanceof Number n ? n.longValue() : min + 100;
        return Arbitraries.longs().between(min, Math.max(min, Math.min(max, min + 10_000))).sample();
    }

    /** Hostile text for a path segment or query parameter of this schema: of its kind (number, date, id) or anything. */
    String hostileParameter(Map<String, Object> schema) {
        String type = String.valueOf(schema.get("type"));
        String format = String.valueOf(schema.get("format"));
        if (chance(0.5)) {
            if ("integer".equals(type) || "number".equals(type)) {
                return pick(EDGE_NUMBER_TEXT);
            }
            if ("date".equals(format) || "date-time".equals(format)) {
                return pick(EDGE_DATE_TEXT);
            }
            if ("uuid".equals(format)) {
                return pick(EDGE_UUID_TEXT);
            }
        }
        return hostileText(true);
    }

    /** A hostile raw JSON value for a field of this schema: of its kind, any text or number, or a wrong type. */
    String hostileJson(Map<String, Object> schema) {
        String type = String.valueOf(schema.get("type"));
        return switch (below(5)) {
            case 0 -> pick(WRONG_TYPES);
            case 1 -> pick(EDGE_JSON_NUMBERS);
            case 2 -> "integer".equals(type) || "number".equals(type)
                    ? Arbitraries.bigDecimals().between(new BigDecimal("-1e30"), new BigDecimal("1e30")).ofScale(below(12)).sample().toPlainString()
                    : jsonString(hostileParameter(schema));
            case 3 -> loneSurrogateOrEscape();
            default -> jsonString(hostileText(false));
        };
    }

    /** JSON escapes the decoder turns into characters no Java writer would send raw: NUL, controls, lone surrogates. */
    private String loneSurrogateOrEscape() {
        return pick(List.of("\"\\u0000\"", "\"a\\u0000\"", "\"\\ud800\"", "\"\\udfff x\"", "\"\\u001b[31m\"", "\"\\u2028\"",
                "\"\\uFFFF\"", "\"\\/\\b\\f\\n\\r\\t\""));
    }

    /** A JSON string literal of {@code text}, escaping only what JSON requires (and NUL and controls as \\u escapes). */
    static String jsonString(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validPair(text, i)) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static boolean validPair(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    /** Whole bodies that are not what any operation expects: empty, not JSON, truncated, the wrong top-level type. */
    String hostileBody() {
        return pick(new ArrayList<>(List.of("", " ", "null", "[]", "\"text\"", "0", "{", "{\"a\":", "{\"a\":1,}", "{'a':1}",
                "{\"a\":1}{\"b\":2}", "\u0000", "{\"a\":\"\\u0000\"}", "[".repeat(5_000), "{\"a\":" .repeat(2_000),
                "<xml/>", "{\"__proto__\":{}}", "\ufeff{}")));
    }
}
