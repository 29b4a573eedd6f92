package com.nakksha.defaults.it;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.defaults.security.Caller;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A minimal service built on service-defaults, the way every real service is. */
@SpringBootApplication
public class DefaultsTestApplication {

    public record WidgetRequest(@NotBlank @Size(max = 50) String name, @Email @NotBlank String ownerEmail, @Min(1) int quantity) {
    }

    @RestController
    static class WidgetController {

        private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WidgetController.class);

        @PostMapping("/api/v1/widgets")
        Mono<Map<String, Object>> create(@Valid @RequestBody WidgetRequest request, Caller caller) {
            return Mono.fromSupplier(() -> {
                log.info("Creating widget {}", request.name());
                return Map.of("name", request.name(), "owner", caller.consultantId().toString());
            });
        }

        @GetMapping("/api/v1/widgets/me")
        Mono<Caller> me(Caller caller) {
            return Mono.just(caller);
        }

        @GetMapping("/api/v1/widgets/{id}")
        Mono<Map<String, Object>> one(@PathVariable UUID id) {
            return Mono.error(new NotFoundProblem("Widget " + id));
        }

        @GetMapping("/api/v1/profile/me")
        Mono<Caller> profile(Caller caller) {
            return Mono.just(caller);
        }

        @GetMapping("/api/v1/admin/widgets")
        Mono<Caller> admin(Caller caller) {
            return Mono.just(caller);
        }

        @GetMapping("/api/v1/public/boom")
        Mono<String> boom() {
            return Mono.error(new IllegalStateException("secret internal detail"));
        }
    }

    /** Consumes booking.session through the inbox; fails on purpose for events whose id is marked poisonous. */
    @Component
    @ConditionalOnProperty(name = "defaults-it.recording-consumer", matchIfMissing = true)
    static class RecordingConsumer {

        static final Set<UUID> poisonous = ConcurrentHashMap.newKeySet();
        static final List<UUID> received = new CopyOnWriteArrayList<>();

        private final Inbox inbox;
        private final DatabaseClient database;

        RecordingConsumer(Inbox inbox, DatabaseClient database) {
            this.inbox = inbox;
            this.database = database;
        }

        @KafkaListener(topics = Topic.Names.BOOKING_SESSION, groupId = "defaults-it", batch = "true")
        void on(List<ConsumerRecord<String, SpecificRecord>> records) {
            inbox.handleAll("defaults-it", records, event -> {
                UUID eventId = EventMetadata.eventId(event);
                if (poisonous.contains(eventId)) {
                    throw new IllegalStateException("cannot handle " + eventId);
                }
                return inbox.handleOnce("defaults-it", event, () -> database
                                .sql("INSERT INTO applied_effect (event_id, consumer) VALUES (:id, 'kafka')")
                                .bind("id", eventId).fetch().rowsUpdated())
                        .thenReturn(eventId);
            }, received::addAll);
        }
    }
}
