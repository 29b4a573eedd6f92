package com.nakksha.testsupport.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a fuzz run sent and found: requests per operation and status, and every finding (the first few of each
 * operation and kind written out in full). {@link #assertNoFindings()} fails the test with all of it.
 */
public final class FuzzReport {

    private static final int SHOWN_PER_KIND = 3;

    private final long seed;
    private final int tries;
    private final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
    private final Map<String, List<Finding>> findings = new LinkedHashMap<>();
    private int requests;

    FuzzReport(long seed, int tries) {
        this.seed = seed;
        this.tries = tries;
    }

    /** A request whose answer broke the rule: the operation, why, and the request and answer as text. */
    public record Finding(String operation, String problem, String exchange) {
    }

    void record(String operation, int status, Finding finding) {
        requests++;
        statuses.computeIfAbsent(operation, key -> new TreeMap<>()).merge(status, 1, Integer::sum);
        if (finding != null) {
            findings.computeIfAbsent(operation + " " + finding.problem(), key -> new ArrayList<>()).add(finding);
        }
    }

    public int operations() {
        return statuses.size();
    }

    public int requests() {
        return requests;
    }

    public List<Finding> findings() {
        return findings.values().stream().flatMap(List::stream).toList();
    }

    /** Fails with every kind of finding, a few requests of each in full, and the seed to repeat the run. */
    public void assertNoFindings() {
        if (!findings.isEmpty()) {
            throw new AssertionError(this + "\n" + findingsText());
        }
    }

    private String findingsText() {
        StringBuilder text = new StringBuilder();
        findings.forEach((kind, list) -> {
            text.append("\n").append(kind).append(" (").append(list.size()).append(" requests)");
            list.stream().limit(SHOWN_PER_KIND).forEach(finding -> text.append("\n  ").append(finding.exchange()));
        });
        return text.toString();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("API fuzz, seed ").append(seed).append(", ").append(tries)
                .append(" requests per operation (each with and without a token unless public): ")
                .append(operations()).append(" operations, ").append(requests).append(" requests, ")
                .append(findings().size()).append(" findings");
        statuses.forEach((operation, counts) -> text.append("\n  ").append(operation).append(" ").append(counts));
        return text.toString();
    }
}
