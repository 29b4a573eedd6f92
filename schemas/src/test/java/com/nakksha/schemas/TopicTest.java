package com.nakksha.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.schemas.store.SchemaStore;
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
        assertThat(GeneratedEventClasses.all()).hasSize(24);
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
    void namesWritersAndDeadLetterTopics() {
        assertThat(Arrays.stream(Topic.values()).map(Topic::topicName))
                .containsExactly("identity.consultant", "booking.session", "booking.client", "payment.payment", "quotation.quotation");
        assertThat(Topic.BOOKING_SESSION.deadLetterTopicName()).isEqualTo("booking.session-dlt");
        assertThat(Topic.BOOKING_SESSION.writer()).isEqualTo("booking-service");
        assertThat(Topic.BOOKING_CLIENT.writer()).isEqualTo("booking-service");
        assertThat(Topic.IDENTITY_CONSULTANT.writer()).isEqualTo("identity-service");
        assertThat(Topic.PAYMENT_PAYMENT.writer()).isEqualTo("payment-service");
        assertThat(Topic.QUOTATION_QUOTATION.writer()).isEqualTo("quotation-service");
        assertThat(Topic.BOOKING_SESSION.carries(SessionBooked.class)).isTrue();
        assertThat(Topic.BOOKING_SESSION.carries(PaymentCaptured.class)).isFalse();
        assertThat(Topic.BOOKING_SESSION.carries(SessionPaymentUpdated.class)).isTrue();
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
