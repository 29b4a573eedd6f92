package com.nakksha.testsupport;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints every thread of the test JVM (the service under test runs in it) when a test fails because
 * an answer or a condition did not come in time, so a hang seen once on a busy CI machine shows where
 * each thread stood, instead of only the test's own timeout. The failure itself is passed on unchanged.
 */
public final class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (isTimeout(failure)) {
            StringBuilder dump = new StringBuilder("Threads when ").append(context.getDisplayName())
                    .append(" in ").append(context.getRequiredTestClass().getSimpleName()).append(" timed out:\n");
            for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                dump.append(describe(thread));
            }
            System.out.println(dump);
        }
        throw failure;
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof TimeoutException || message.startsWith("Timeout on blocking read")
                    || cause.getClass().getSimpleName().equals("ConditionTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** {@link ThreadInfo#toString()} cuts stacks at eight frames; a hang needs the whole stack. */
    private static String describe(ThreadInfo thread) {
        StringBuilder text = new StringBuilder("\"").append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
        if (thread.getLockName() != null) {
            text.append(" on ").append(thread.getLockName());
        }
        if (thread.getLockOwnerName() != null) {
            text.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
        }
        text.append('\n');
        for (StackTraceElement frame : thread.getStackTrace()) {
            text.append("\tat ").append(frame).append('\n');
        }
        return text.append('\n').toString();
    }
}
