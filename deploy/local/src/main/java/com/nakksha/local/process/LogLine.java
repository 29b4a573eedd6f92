package com.nakksha.local.process;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a service log, shown in the console when a start fails. The services log JSON (logstash
 * layout) with whole stack traces in one line; the console gets level, message and the root cause.
 */
public record LogLine(String raw) {

    private static final Pattern MESSAGE = jsonString("message");
    private static final Pattern LEVEL = jsonString("level");
    private static final Pattern STACK_TRACE = jsonString("stack_trace");
    private static final int MAX_LENGTH = 600;

    public String readable() {
        if (!raw.startsWith("{")) {
            return shortened(raw);
        }
        Matcher message = MESSAGE.matcher(raw);
        if (!message.find()) {
            return shortened(raw);
        }
        StringBuilder readable = new StringBuilder();
        Matcher level = LEVEL.matcher(raw);
        if (level.find()) {
            readable.append(level.group(1)).append(' ');
        }
        readable.append(unescape(message.group(1)));
        Matcher stackTrace = STACK_TRACE.matcher(raw);
        if (stackTrace.find()) {
            String trace = unescape(stackTrace.group(1));
            int rootCause = trace.lastIndexOf("Caused by: ");
            String cause = rootCause >= 0 ? trace.substring(rootCause) : trace;
            readable.append(" <- ").append(cause.lines().findFirst().orElse(""));
        }
        return shortened(readable.toString());
    }

    private static Pattern jsonString(String field) {
        return Pattern.compile("\"" + field + "\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    }

    private static String unescape(String json) {
        return json.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static String shortened(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH) + " ...";
    }
}
