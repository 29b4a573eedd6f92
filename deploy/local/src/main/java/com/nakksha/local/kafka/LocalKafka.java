package com.nakksha.local.kafka;

import com.nakksha.infrastructure.kafka.KafkaBrokerProcess;
import com.nakksha.infrastructure.process.JavaRuntime;

import java.nio.file.Path;
import java.util.Properties;

/** The launcher's Kafka broker: fixed ports, storage under {@code <data-dir>/kafka} that outlives the launcher. */
public final class LocalKafka {

    public static final int PORT = 9092;
    public static final int CONTROLLER_PORT = 9093;
    public static final String BOOTSTRAP_SERVERS = "localhost:" + PORT;

    private LocalKafka() {
    }

    public static KafkaBrokerProcess broker(Path dataDir, Path logFile, JavaRuntime java) {
        return new KafkaBrokerProcess(dataDir.resolve("kafka"), PORT, CONTROLLER_PORT, logFile, java);
    }

    /** Admin client settings for the launcher's broker that give up quickly. */
    public static Properties adminConfig() {
        return KafkaBrokerProcess.adminConfig(BOOTSTRAP_SERVERS);
    }
}
