package com.nakksha.infrastructure.kafka;

import com.nakksha.schemas.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Properties;
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

    /**
     * {@code java -cp nakksha-local.jar com.nakksha.infrastructure.kafka.PlatformTopics BOOTSTRAP_SERVERS}:
     * creates the missing platform topics on any broker (docker-compose runs this before the services).
     * Exit code 0 when every topic exists afterwards, 1 when the broker could not be reached, 2 without an argument.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: PlatformTopics BOOTSTRAP_SERVERS");
            System.exit(2);
        }
        Properties config = KafkaBrokerProcess.adminConfig(args[0]);
        // A one-shot command next to a broker that may still be starting: patience instead of polling.
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            List<String> created = createMissing(admin);
            System.out.println(created.isEmpty() ? "all " + names().size() + " topics present" : "created " + String.join(", ", created));
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("could not create the topics on " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
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
