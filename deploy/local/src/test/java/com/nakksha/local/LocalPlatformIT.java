package com.nakksha.local;

import com.nakksha.infrastructure.process.FreePorts;
import com.nakksha.local.kafka.LocalKafka;
import com.nakksha.local.mail.MailCatcher;
import com.nakksha.local.process.Port;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The launcher's refusals: a taken port, a Postgres it cannot use, a service not ready in time; each leaves nothing
 * running.
 * The whole platform started from the built jars, seen through the gateway and stopped with every
 * port free again, is the first and last step of {@code PlatformJourneysIT}, which needs that stack
 * anyway. Needs the service jars, so it runs after they are packaged, and the stack's ports free, so it
 * runs alone after the journeys' {@link SharedStack} stopped.
 */
@Isolated
@Order(SharedStack.AFTER_THE_STACK)
@ExtendWith(SharedStack.Stopped.class)
class LocalPlatformIT {

    private final List<String> output = new ArrayList<>();

    @TempDir
    Path dataDir;

    @Test
    void refusesToStartWhenAPortIsTakenAndStartsNothing() throws Exception {
        try (ServerSocket squatter = new ServerSocket(PlatformService.QUOTATION.port())) {
            LocalStack stack = new LocalStack(settings(), this::print);

            try {
                assertThatThrownBy(stack::start)
                        .isInstanceOf(LaunchFailure.class)
                        .hasMessageContaining("8084 (quotation-service)")
                        .hasMessageContaining("nothing was started");
            } finally {
                stack.stop();
            }

            assertThat(new Port(LocalStack.POSTGRES_PORT, "Postgres").isFree()).isTrue();
            assertThat(new Port(LocalKafka.PORT, "Kafka").isFree()).isTrue();
            assertThat(dataDir.resolve("postgres")).doesNotExist();
        }
    }

    @Test
    void stopsWhatItStartedWhenAServiceIsNotReadyInTime() {
        LocalStack stack = new LocalStack(settings("--timeout", "1",
                "--without", "gateway,identity,booking,quotation,notification,analytics,razorpay-simulator"), this::print);

        try {
            assertThatThrownBy(stack::start)
                    .isInstanceOf(LaunchFailure.class)
                    .hasMessageContaining("payment-service not ready after 1 s");
        } finally {
            stack.stop();
        }

        assertThat(List.of(new Port(LocalStack.POSTGRES_PORT, "Postgres"), new Port(LocalKafka.PORT, "Kafka"),
                new Port(LocalKafka.CONTROLLER_PORT, "Kafka controller"), new Port(PlatformService.PAYMENT.port(), "payment")))
                .allSatisfy(port -> assertThat(port.isFree()).as("port %s after the failed start", port).isTrue());
        assertThat(output).anyMatch(line -> line.contains("Stopping Postgres"));
    }

    @Test
    void stopsKafkaAndTheMailCatcherWhenPostgresCannotBeUsed() throws Exception {
        int closedPort = FreePorts.any();
        // Both boot on threads of their own while Postgres is set up, so its failure comes while they are still starting.
        Map<String, String> unusablePostgres = Map.of("NAKKSHA_POSTGRES_URL", "jdbc:postgresql://localhost:" + closedPort + "/nakksha");
        LocalStack stack = new LocalStack(settings(unusablePostgres,
                "--without", "gateway,identity,booking,quotation,payment,analytics,razorpay-simulator"), this::print);

        try {
            assertThatThrownBy(stack::start).isInstanceOf(LaunchFailure.class);
        } finally {
            stack.stop();
        }

        assertThat(List.of(new Port(LocalKafka.PORT, "Kafka"), new Port(LocalKafka.CONTROLLER_PORT, "Kafka controller"),
                new Port(MailCatcher.SMTP_PORT, "mail catcher SMTP"), new Port(MailCatcher.API_PORT, "mail catcher API"),
                new Port(PlatformService.NOTIFICATION.port(), "notification")))
                .allSatisfy(port -> assertThat(port.isFree()).as("port %s after the failed start", port).isTrue());
        assertThat(output).anyMatch(line -> line.contains("Stopping Kafka"));
    }

    private LaunchSettings settings(String... options) {
        return settings(Map.of(), options);
    }

    private LaunchSettings settings(Map<String, String> environment, String... options) {
        // Each stack here starts once: a class-data archive written at its stop (seconds of CPU) would serve no later start.
        List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--no-class-data"));
        args.addAll(List.of(options));
        return LaunchSettings.parse(args, environment, Path.of("").toAbsolutePath());
    }

    private void print(String line) {
        output.add(line);
        System.out.println(line);
    }
}
