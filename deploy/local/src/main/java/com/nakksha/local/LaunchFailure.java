package com.nakksha.local;

import java.util.List;

/** A start that cannot go on: says what failed and shows the end of the log that explains it. */
public class LaunchFailure extends RuntimeException {

    private final List<String> logTail;

    public LaunchFailure(String message) {
        this(message, List.of(), null);
    }

    public LaunchFailure(String message, Throwable cause) {
        this(message, List.of(), cause);
    }

    public LaunchFailure(String message, List<String> logTail) {
        this(message, logTail, null);
    }

    private LaunchFailure(String message, List<String> logTail, Throwable cause) {
        super(message, cause);
        this.logTail = List.copyOf(logTail);
    }

    public List<String> logTail() {
        return logTail;
    }

    public String report() {
        StringBuilder report = new StringBuilder("Start failed: ").append(getMessage());
        if (getCause() != null && logTail.isEmpty()) {
            report.append(System.lineSeparator()).append("  cause: ").append(getCause());
        }
        if (!logTail.isEmpty()) {
            report.append(System.lineSeparator()).append("  last lines of its log:");
            logTail.forEach(line -> report.append(System.lineSeparator()).append("  | ").append(line));
        }
        return report.toString();
    }
}
