package com.nakksha.local.process;

import java.util.Optional;

/**
 * One line of a service log, shown in the console when a start fails or a process dies. The services
 * log JSON (logstash layout) with whole stack traces in one line; the console gets level, message and
 * the root cause. Fields are found by a single forward scan, so a line of any length costs time in
 * proportion to its length and no stack (a backtracking regular expression overflowed the stack on
 * stack traces of about 2,000 characters).
 */
public record LogLine(String raw) {

    private static final int MAX_LENGTH = 600;

    public String readable() {
        if (!raw.startsWith("{")) {
            return shortened(raw);
        }
        Optional<String> message = jsonString("message");
        if (message.isEmpty()) {
            return shortened(raw);
        }
        StringBuilder readable = new StringBuilder();
        jsonString("level").ifPresent(level -> readable.append(level).append(' '));
        readable.append(message.get());
        jsonString("stack_trace").ifPresent(trace -> {
            int rootCause = trace.lastIndexOf("Caused by: ");
            String cause = rootCause >= 0 ? trace.substring(rootCause) : trace;
            readable.append(" <- ").append(cause.lines().findFirst().orElse(""));
        });
        return shortened(readable.toString());
    }

    /** The unescaped value of the first {@code "field":"..."} in the line; empty when absent or unterminated. */
    private Optional<String> jsonString(String field) {
        String opening = "\"" + field + "\":\"";
        int start = raw.indexOf(opening);
        if (start < 0) {
            return Optional.empty();
        }
        StringBuilder value = new StringBuilder();
        for (int i = start + opening.length(); i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '"') {
                return Optional.of(value.toString());
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (++i == raw.length()) {
                break;
            }
            char escaped = raw.charAt(i);
            switch (escaped) {
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case 'u' -> {
                    if (i + 4 < raw.length()) {
                        value.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> value.append(escaped);
            }
        }
        return Optional.empty();
    }

    private static String shortened(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH) + " ...";
    }
}
