package com.nakksha.infrastructure.kafka;

import com.nakksha.schemas.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every topic of the registry in schemas with its dead-letter topic: the one place they are created,
 * for the local launcher and the tests' brokers alike. Brokers run with automatic topic creation off,
 * so a misspelt topic fails loudly instead of appearing.
 */
public final class PlatformTopics {

    /** Partitions of every platform topic: the unit of parallel consumption per consumer group. */
    public static final int PARTITIONS = 3;
    private static final short REPLICATION_FACTOR = 1;

    private PlatformTopics() {
    }

    /** Every topic of the registry, each followed by its dead-letter topic. */
    public static List<String> names() {
        return Topic.namesWithDeadLetters();
    }

    /**
     * Creates the topics of {@link #names()} the broker does not have yet.
     *
     * @return the names it had to create, none when all were there
     * @throws TimeoutException when the broker does not answer within 10 s (listing) or 30 s (creating)
     */
    public static List<String> createMissing(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = names().stream()
                .filter(name -> !existing.contains(name))
                .map(name -> new NewTopic(name, PARTITIONS, REPLICATION_FACTOR))
                .toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        }
        return missing.stream().map(NewTopic::name).toList();
    }
}
