package com.nakksha.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nakksha.schemas.store.SchemaStore;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TopicTest {

    @Test
    void everyGeneratedEventClassIsCarriedByExactlyOneTopic() {
        assertThat(GeneratedEventClasses.all()).hasSize(29);
        for (Class<? extends SpecificRecord> eventType : GeneratedEventClasses.all()) {
            List<Topic> carriers = Arrays.stream(Topic.values()).filter(topic -> topic.carries(eventType)).toList();
            assertThat(carriers).as("topics carrying %s", eventType.getSimpleName()).hasSize(1);
        }
    }

    @Test
    void topicsCarryOnlyGeneratedEventClasses() {
        for (Topic topic : Topic.values()) {
            assertThat(GeneratedEventClasses.all()).containsAll(topic.valueTypes());
        }
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyValueTypeHasItsCurrentSchemaInTheStore(Topic topic) {
        SchemaStore store = SchemaStore.classpath();
        for (Class<? extends SpecificRecord> eventType : topic.valueTypes()) {
            long fingerprint = SchemaStore.fingerprint(SpecificData.get().getSchema(eventType));
            assertThat(store.find(fingerprint))
                    .as("%s in the schema store", eventType.getSimpleName())
                    .hasValueSatisfying(version -> assertThat(version.eventName()).isEqualTo(eventType.getSimpleName()));
        }
    }

    @Test
    void everyNamesConstantIsTheNameOfExactlyOneTopic() throws IllegalAccessException {
        List<String> constants = new ArrayList<>();
        for (Field field : Topic.Names.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.add((String) field.get(null));
            }
        }
        assertThat(constants).as("Topic.Names constants").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Topic.values()).map(Topic::topicName).toList());
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void aTopicIsNamedAfterItsWriterAndTheWriterIsAModule(Topic topic) {
        assertThat(topic.writer()).endsWith("-service");
        String service = topic.writer().substring(0, topic.writer().length() - "-service".length());
        assertThat(topic.topicName()).as("name of %s", topic).startsWith(service + ".");
        // Tests run in the module directory; the writer must be a module of this build beside it.
        assertThat(Path.of("..", topic.writer(), "pom.xml")).as("module of writer %s", topic.writer()).isRegularFile();
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void aTopicsReadersAreModulesOtherThanItsWriter(Topic topic) {
        assertThat(topic.readers()).as("readers of %s", topic).isNotEmpty().doesNotContain(topic.writer())
                .allSatisfy(reader -> assertThat(Path.of("..", reader, "pom.xml")).as("module of reader %s", reader).isRegularFile());
    }

    @Test
    void topicAndDeadLetterNamesAreLegalAndDistinctForKafka() {
        List<String> names = Topic.namesWithDeadLetters();
        assertThat(names).hasSize(2 * Topic.values().length);
        for (Topic topic : Topic.values()) {
            assertThat(topic.deadLetterTopicName()).isEqualTo(topic.topicName() + "-dlt");
            assertThat(names.indexOf(topic.deadLetterTopicName())).isEqualTo(names.indexOf(topic.topicName()) + 1);
        }
        // Kafka allows [a-zA-Z0-9._-] up to 249 characters, and refuses names that differ only by '.' versus '_' (metric names collide).
        assertThat(names).allSatisfy(name -> assertThat(name).matches("[a-zA-Z0-9._-]{1,249}"));
        assertThat(names.stream().map(name -> name.replace('.', '_'))).doesNotHaveDuplicates();
    }

    @Test
    void findsTopicsByName() {
        for (Topic topic : Topic.values()) {
            assertThat(Topic.forName(topic.topicName())).isEqualTo(topic);
        }
        assertThatThrownBy(() -> Topic.forName("booking.session-dlt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("booking.session-dlt");
    }
}
