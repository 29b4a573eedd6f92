package com.nakksha.analytics.projection;

import java.util.List;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Applies every domain event to the projection as it is published, a poll's events together. */
@Component
class ProjectionListener {

    private final Projection projection;
    private final Inbox inbox;

    ProjectionListener(Projection projection, Inbox inbox) {
        this.projection = projection;
        this.inbox = inbox;
    }

    @KafkaListener(groupId = Projection.CONSUMER, topics = {
            Topic.Names.IDENTITY_CONSULTANT, Topic.Names.BOOKING_SESSION, Topic.Names.BOOKING_CLIENT,
            Topic.Names.PAYMENT_PAYMENT, Topic.Names.QUOTATION_QUOTATION}, batch = "true")
    void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        inbox.handleBatch(Projection.CONSUMER, records, projection::applyLiveBatch, projection::countLive);
    }
}
