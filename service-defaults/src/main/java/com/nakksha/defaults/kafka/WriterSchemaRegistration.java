package com.nakksha.defaults.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.nakksha.schemas.Topic;
import com.nakksha.schemas.store.SchemaTopic;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Registers, at start-up, the schema of every event this build can write on the schema topic, so a
 * consumer built before a schema change can still read what this instance writes. A broker that is
 * away at start-up does not hold the service back: registration goes on in the background until it
 * succeeds, and consumers meanwhile retry the records they cannot read yet.
 */
class WriterSchemaRegistration implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WriterSchemaRegistration.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration START_WAIT = Duration.ofSeconds(5);

    private final SchemaTopic schemaTopic;
    private volatile Thread worker;
    private volatile boolean running;

    WriterSchemaRegistration(SchemaTopic schemaTopic) {
        this.schemaTopic = schemaTopic;
    }

    @Override
    public void start() {
        running = true;
        List<Schema> pending = new ArrayList<>(currentSchemas());
        worker = Thread.ofVirtual().name("writer-schema-registration").start(() -> {
            Duration wait = Duration.ofSeconds(1);
            while (running && !registerAll(pending)) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException stopped) {
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
            }
        });
        // Usually done in milliseconds; the wait only bounds how long an absent broker delays start-up.
        try {
            worker.join(START_WAIT);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean registerAll(List<Schema> pending) {
        while (!pending.isEmpty()) {
            Schema schema = pending.getFirst();
            try {
                schemaTopic.register(schema);
                pending.removeFirst();
            } catch (RuntimeException failed) {
                log.warn("Could not register writer schema {} on {} yet ({} left); retrying: {}",
                        schema.getFullName(), SchemaTopic.NAME, pending.size(), failed.getMessage());
                return false;
            }
        }
        return true;
    }

    static List<Schema> currentSchemas() {
        return java.util.Arrays.stream(Topic.values())
                .flatMap(topic -> topic.valueTypes().stream())
                .distinct()
                .map(type -> SpecificData.get().getSchema(type))
                .toList();
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    // Before the listener containers and the outbox relay start.
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
