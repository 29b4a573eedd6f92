package com.nakksha.local.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ControlRequestsTest {

    @TempDir
    Path dataDir;

    @Test
    void aRequestReachesTheLauncherOnceAndItsAnswerComesBack() {
        ControlRequests command = new ControlRequests(dataDir);
        ControlRequests launcher = new ControlRequests(dataDir);

        CompletableFuture<Optional<String>> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return command.restart("booking-service", Duration.ofSeconds(30));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<ControlRequests.Request> requests = await().atMost(Duration.ofSeconds(10))
                .until(launcher::take, taken -> !taken.isEmpty());
        assertThat(requests).extracting(ControlRequests.Request::target).containsExactly("booking-service");
        launcher.answer(requests.getFirst(), "booking-service restarted as pid 42");

        assertThat(answer.join()).contains("booking-service restarted as pid 42");
        assertThat(launcher.take()).as("taken once").isEmpty();
    }

    @Test
    void anUnansweredRequestIsWithdrawnWhenTheCommandGivesUp() throws Exception {
        ControlRequests command = new ControlRequests(dataDir);

        assertThat(command.restart("kafka", Duration.ofMillis(300))).isEmpty();
        assertThat(new ControlRequests(dataDir).take()).isEmpty();
    }
}
