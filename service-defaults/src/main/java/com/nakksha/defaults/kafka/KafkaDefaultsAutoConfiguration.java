package com.nakksha.defaults.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.schemas.serde.AvroEventDeserializer;
import com.nakksha.schemas.serde.AvroEventSerializer;
import com.nakksha.schemas.store.SchemaStore;
import com.nakksha.schemas.store.SchemaTopic;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Kafka wiring shared by every service: Avro single-object encoding with writer schemas shared on
 * the schema topic, an idempotent producer for the outbox relay, and listener containers (static
 * group members) that retry infrastructure failures until the infrastructure is back, retry other
 * failures a few times and then move the record to {@code <topic>-dlt}; records that cannot be
 * deserialized go there at once. See {@link DeadLetterErrorHandlerFactory}.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties({KafkaDefaultsProperties.class, KafkaProperties.class})
public class KafkaDefaultsAutoConfiguration {

    public static final String OUTBOX_TEMPLATE = "outboxKafkaTemplate";
    private static final String DEAD_LETTER_TEMPLATE = "deadLetterKafkaTemplate";
    /** {@code fetch.max.wait.ms} of the listeners' consumers unless configured (Kafka's default is 500). */
    public static final int IDLE_FETCH_WAIT_MILLIS = 2000;

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SchemaTopic schemaTopic(KafkaProperties kafka, KafkaDefaultsProperties properties) {
        return new SchemaTopic(new HashMap<>(kafka.buildAdminProperties()), properties.schemaRefreshInterval());
    }

    @Bean
    @ConditionalOnMissingBean
    AvroEventCodec avroEventCodec(SchemaTopic schemaTopic) {
        return new AvroEventCodec(SchemaStore.classpath(), schemaTopic);
    }

    @Bean
    WriterSchemaRegistration writerSchemaRegistration(SchemaTopic schemaTopic) {
        return new WriterSchemaRegistration(schemaTopic);
    }

    @Bean(OUTBOX_TEMPLATE)
    KafkaTemplate<String, byte[]> outboxKafkaTemplate(KafkaProperties kafka, MeterRegistry meters) {
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(
                producerProperties(kafka), new StringSerializer(), new ByteArraySerializer());
        factory.addListener(new MicrometerProducerListener<>(meters));
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
        // Its timer a send (spring.kafka.template) is read by nothing: the relay counts what it publishes and what fails.
        template.setMicrometerEnabled(false);
        return template;
    }

    @Bean(DEAD_LETTER_TEMPLATE)
    KafkaTemplate<String, SpecificRecord> deadLetterKafkaTemplate(KafkaProperties kafka, AvroEventCodec codec) {
        ProducerFactory<String, SpecificRecord> factory = new DefaultKafkaProducerFactory<>(
                producerProperties(kafka), new StringSerializer(), new AvroEventSerializer(codec));
        return new KafkaTemplate<>(factory);
    }

    @Bean
    @ConditionalOnMissingBean(ConsumerFactory.class)
    ConsumerFactory<String, SpecificRecord> kafkaConsumerFactory(KafkaProperties kafka, AvroEventCodec codec, MeterRegistry meters,
            KafkaDefaultsProperties defaults, Environment environment) {
        Map<String, Object> properties = new HashMap<>(kafka.buildConsumerProperties());
        properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) defaults.sessionTimeout().toMillis());
        // A poll is one inbox transaction (Inbox.handleAll): after an outage's backlog, a hundred records commit in
        // well under the inbox timeout where Kafka's default of 500 could take longer on a busy machine.
        properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        // The broker answers a waiting fetch as soon as a record arrives, so the wait only sets how often an idle
        // consumer asks again: at Kafka's 500 ms the thirteen idle consumers of the local stack cost the broker a
        // third of its CPU. A partition assigned by a rebalance waits at most this long for its first fetch.
        // spring.kafka.consumer.fetch-max-wait overrides it.
        properties.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, IDLE_FETCH_WAIT_MILLIS);
        if (defaults.staticMembership()) {
            properties.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerInstanceId.of(defaults, environment));
        }
        DefaultKafkaConsumerFactory<String, SpecificRecord> factory = new StaticMembershipConsumerFactory<>(properties,
                new StringDeserializer(), new ErrorHandlingDeserializer<>(new AvroEventDeserializer(codec)));
        factory.addListener(new ConsumerClientMeters<>(meters, defaults.clientMetricsRefresh()));
        return factory;
    }

    @Bean
    @ConditionalOnMissingBean
    DefaultErrorHandler kafkaErrorHandler(
            @Qualifier(OUTBOX_TEMPLATE) KafkaTemplate<String, byte[]> bytes,
            @Qualifier(DEAD_LETTER_TEMPLATE) KafkaTemplate<String, SpecificRecord> events,
            KafkaDefaultsProperties properties, MeterRegistry meters) {
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, bytes);
        templates.put(SpecificRecord.class, events);
        return new DeadLetterErrorHandlerFactory(properties, meters).create(templates);
    }

    @Bean(name = "kafkaListenerContainerFactory")
    @ConditionalOnMissingBean(name = "kafkaListenerContainerFactory")
    ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> kafkaListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ConsumerFactory<String, SpecificRecord> consumerFactory, DefaultErrorHandler errorHandler) {
        ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> factory = new ConcurrentKafkaListenerContainerFactory<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        ConsumerFactory<Object, Object> untyped = (ConsumerFactory) consumerFactory;
        @SuppressWarnings({"unchecked", "rawtypes"})
        ConcurrentKafkaListenerContainerFactory<Object, Object> target = (ConcurrentKafkaListenerContainerFactory) factory;
        configurer.configure(target, untyped);
        // The container's own timers are named spring.kafka.listener like the listener observation's
        // (spring.kafka.listener.observation-enabled, and the inbox's per record of a batch), with other tags;
        // Prometheus keeps the first registered and refuses the other, so the observation's were lost.
        factory.getContainerProperties().setMicrometerEnabled(false);
        factory.setCommonErrorHandler(errorHandler);
        return factory;
    }

    @Bean
    ListenerMeters listenerMeters(ObjectProvider<KafkaListenerEndpointRegistry> listeners, MeterRegistry meters) {
        return new ListenerMeters(listeners, meters);
    }

    @Bean
    KafkaAdmin.NewTopics registryTopics(KafkaDefaultsProperties properties) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : Topic.namesWithDeadLetters()) {
            topics.add(new NewTopic(name, properties.topicPartitions(), properties.topicReplicas()));
        }
        // One partition keeps the read-to-end of a consumer looking for a schema simple; compaction keeps each schema for good.
        topics.add(new NewTopic(SchemaTopic.NAME, 1, properties.topicReplicas())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealthIndicator(admin);
    }

    private static Map<String, Object> producerProperties(KafkaProperties kafka) {
        Map<String, Object> properties = new HashMap<>(kafka.buildProducerProperties());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Fail fast while the broker is away; the outbox keeps the rows and the relay retries.
        properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        properties.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        properties.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 9000);
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
        return properties;
    }
}
