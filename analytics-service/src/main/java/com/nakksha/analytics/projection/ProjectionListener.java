package com.nakksha.analytics.projection;

import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Applies every domain event to the projection as it is published. */
@Component
class ProjectionListener {

    private final Projection projection;

    ProjectionListener(Projection projection) {
        this.projection = projection;
    }

    @KafkaListener(groupId = Projection.CONSUMER, topics = {
            Topic.Names.IDENTITY_CONSULTANT, Topic.Names.BOOKING_SESSION, Topic.Names.BOOKING_CLIENT,
            Topic.Names.PAYMENT_PAYMENT, Topic.Names.QUOTATION_QUOTATION})
    void on(ConsumerRecord<String, SpecificRecord> record) {
        projection.applyLive(record.value()).block();
    }
}
