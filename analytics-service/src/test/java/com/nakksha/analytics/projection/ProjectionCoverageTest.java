package com.nakksha.analytics.projection;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.annotation.KafkaListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event type of every topic analytics reads is either projected or ignored for a stated
 * reason, never both and never neither: a type added to such a topic fails here until someone
 * decides what it counts.
 */
class ProjectionCoverageTest {

    private static final String ANALYTICS = "analytics-service";

    @Test
    void theListenerReadsEveryTopicTheRegistryNamesAnalyticsAReaderOf() throws NoSuchMethodException {
        KafkaListener listener = ProjectionListener.class.getDeclaredMethod("on", java.util.List.class)
                .getAnnotation(KafkaListener.class);
        Set<String> registry = readTopics().stream().map(Topic::topicName).collect(Collectors.toSet());

        assertThat(new HashSet<>(Arrays.asList(listener.topics()))).isEqualTo(registry);
    }

    @Test
    void everyEventTypeOfThoseTopicsIsProjectedOrConsciouslyIgnored() throws ReflectiveOperationException {
        for (Topic topic : readTopics()) {
            for (Class<? extends SpecificRecord> type : topic.valueTypes()) {
                boolean projected = Projection.projects(type.getDeclaredConstructor().newInstance());
                boolean ignored = Projection.IGNORED.containsKey(type);

                assertThat(projected || ignored).as("%s on %s is neither projected nor in Projection.IGNORED", type.getSimpleName(),
                        topic.topicName()).isTrue();
                assertThat(projected && ignored).as("%s on %s is projected and listed as ignored", type.getSimpleName(),
                        topic.topicName()).isFalse();
            }
        }
    }

    @Test
    void everyIgnoredTypeIsOnATopicAnalyticsReadsAndSaysWhy() {
        Set<Class<? extends SpecificRecord>> read = readTopics().stream().flatMap(topic -> topic.valueTypes().stream())
                .collect(Collectors.toSet());

        assertThat(read).containsAll(Projection.IGNORED.keySet());
        assertThat(Projection.IGNORED.values()).allSatisfy(reason -> assertThat(reason).isNotBlank());
    }

    @Test
    void aQuotationWithdrawalIsProjected() {
        assertThat(Projection.projects(new com.nakksha.events.QuotationWithdrawn())).isTrue();
    }

    private static List<Topic> readTopics() {
        return Arrays.stream(Topic.values()).filter(topic -> topic.readers().contains(ANALYTICS)).toList();
    }
}
