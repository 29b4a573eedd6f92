package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.ConsumerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listeners' consumers wait up to two seconds for an idle fetch, so an idle service asks the broker a
 * quarter as often as with Kafka's 500 ms; a record that arrives meanwhile is still handed over at once,
 * because the broker answers a waiting fetch as soon as it has data.
 */
@NakkshaServiceTest(schema = "defaultsit")
class IdleFetchIT {

    private static final String TOPIC = "faults.idle-fetch";

    @Autowired
    ConsumerFactory<?, ?> consumers;

    @Test
    void aRecordArrivingDuringAnIdleConsumersFetchWaitIsConsumedWithoutWaitingItOut() throws Exception {
        Map<String, Object> configuration = new HashMap<>(consumers.getConfigurationProperties());
        assertThat(configuration.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).isEqualTo(2000);
        configuration.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        FaultProbes.ensureTopic(TOPIC);

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(configuration, new StringDeserializer(), new StringDeserializer());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString()),
                     new StringSerializer(), new StringSerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(partition -> new TopicPartition(TOPIC, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            // Each record is sent 0.3-0.6 s into a fetch (the previous record's fetch returned, the next one went out at
            // once): a broker that let the fetch wait out its two seconds would hand it over 1.4 s or more later.
            for (int record = 0; record < 5; record++) {
                String value = "idle-" + record;
                long delayMillis = 300 + 100L * ThreadLocalRandom.current().nextInt(4);
                CompletableFuture<Long> sentAt = CompletableFuture.supplyAsync(() -> {
                    long now = System.nanoTime();
                    producer.send(new ProducerRecord<>(TOPIC, value, value));
                    return now;
                }, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
                long receivedAt = awaitValue(consumer, value);
                assertThat(Duration.ofNanos(receivedAt - sentAt.get(10, TimeUnit.SECONDS))).as("record %d from send to poll", record)
                        .isLessThan(Duration.ofSeconds(1));
            }
        }
    }

    private static long awaitValue(KafkaConsumer<String, String> consumer, String value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
            for (var record : records) {
                if (record.value().equals(value)) {
                    return System.nanoTime();
                }
            }
        }
        throw new AssertionError("record " + value + " not consumed within 15 s");
    }
}
