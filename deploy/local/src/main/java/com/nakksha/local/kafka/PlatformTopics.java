package com.nakksha.local.kafka;

import com.nakksha.schemas.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** Creates every platform topic and its dead-letter topic that the broker does not have yet. */
public final class PlatformTopics {

    private static final int PARTITIONS = 3;
    private static final short REPLICATION_FACTOR = 1;

    private PlatformTopics() {
    }

    /** Every topic of the registry in schemas, each followed by its dead-letter topic. */
    public static List<String> names() {
        return Arrays.stream(Topic.values())
                .flatMap(topic -> Stream.of(topic.topicName(), topic.deadLetterTopicName()))
                .toList();
    }

    /** Returns the topics it had to create. */
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
