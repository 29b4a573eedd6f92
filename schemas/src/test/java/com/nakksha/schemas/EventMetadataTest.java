package com.nakksha.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nakksha.events.SessionCompleted;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventMetadataTest {

    @Test
    void readsTheCommonFieldsOfEveryEventType() {
        Set<UUID> eventIds = new HashSet<>();
        for (SpecificRecord event : SampleEvents.all()) {
            eventIds.add(EventMetadata.eventId(event));
            assertThat(EventMetadata.occurredAt(event)).as(event.getSchema().getName()).isEqualTo(SampleEvents.OCCURRED_AT);
            assertThat(EventMetadata.consultantId(event)).as(event.getSchema().getName()).isEqualTo(SampleEvents.CONSULTANT_ID);
        }
        assertThat(eventIds).hasSize(SampleEvents.all().size());
        assertThat(EventMetadata.eventId(SampleEvents.all().getFirst())).isEqualTo(SampleEvents.eventId(1));
    }

    @Test
    void namesTheEventWhenACommonFieldIsMissing() {
        SessionCompleted unset = new SessionCompleted();

        assertThatThrownBy(() -> EventMetadata.eventId(unset))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("com.nakksha.events.SessionCompleted.eventId is not set");
    }
}
