package com.nakksha.local;

import com.nakksha.local.kafka.LocalKafka;
import com.nakksha.local.process.Port;
import com.nakksha.schemas.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The launcher as a newcomer uses it: the whole platform from the built jars, seen through the gateway,
 * then stopped with every port free again. Needs the service jars, so it runs after they are packaged.
 */
@ExtendWith(StackTurn.class)
class LocalPlatformIT {

    /** Generous: seven JVMs boot at once on a two-core machine shared with other builds. */
    private static final String READINESS_TIMEOUT_SECONDS = "480";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> output = new ArrayList<>();

    @TempDir
    Path dataDir;

    @Test
    void startsEveryServiceBehindTheGatewayAndStopsEverythingAgain() throws Exception {
        LocalStack stack = new LocalStack(settings("--timeout", READINESS_TIMEOUT_SECONDS), this::print);
        try {
            stack.start();

            for (PlatformService service : PlatformService.values()) {
                if (service == PlatformService.GATEWAY) {
                    continue;
                }
                String shortName = service.schema().orElseThrow();
                HttpResponse<String> health = get("http://localhost:8080/health/" + shortName);
                assertThat(health.statusCode()).as("GET /health/%s through the gateway", shortName).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"UP\"");
            }
            try (Admin admin = Admin.create(LocalKafka.adminConfig())) {
                Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                for (Topic topic : Topic.values()) {
                    assertThat(topics).contains(topic.topicName(), topic.deadLetterTopicName());
                }
            }
            assertEachServiceRoleReachesOnlyItsOwnSchema();
            assertThat(stack.summary()).contains("gateway-service", "8080", "15432", "9092");
        } finally {
            stack.stop();
        }

        assertThat(StackTurn.stackPorts()).allSatisfy(port -> assertThat(port.isFree()).as("port %s after stop", port).isTrue());
        assertThat(dataDir.resolve("launcher.pids")).doesNotExist();
    }

    @Test
    void refusesToStartWhenAPortIsTakenAndStartsNothing() throws Exception {
        try (ServerSocket squatter = new ServerSocket(PlatformService.QUOTATION.port())) {
            LocalStack stack = new LocalStack(settings(), this::print);

            assertThatThrownBy(stack::start)
                    .isInstanceOf(LaunchFailure.class)
                    .hasMessageContaining("8084 (quotation-service)")
                    .hasMessageContaining("nothing was started");
            stack.stop();

            assertThat(new Port(LocalStack.POSTGRES_PORT, "Postgres").isFree()).isTrue();
            assertThat(new Port(LocalKafka.PORT, "Kafka").isFree()).isTrue();
            assertThat(dataDir.resolve("postgres")).doesNotExist();
        }
    }

    @Test
    void stopsWhatItStartedWhenAServiceIsNotReadyInTime() {
        LocalStack stack = new LocalStack(settings("--timeout", "1",
                "--without", "gateway,identity,booking,quotation,notification,analytics"), this::print);

        assertThatThrownBy(stack::start)
                .isInstanceOf(LaunchFailure.class)
                .hasMessageContaining("payment-service not ready after 1 s");
        stack.stop();

        assertThat(List.of(new Port(LocalStack.POSTGRES_PORT, "Postgres"), new Port(LocalKafka.PORT, "Kafka"),
                new Port(LocalKafka.CONTROLLER_PORT, "Kafka controller"), new Port(PlatformService.PAYMENT.port(), "payment")))
                .allSatisfy(port -> assertThat(port.isFree()).as("port %s after the failed start", port).isTrue());
        assertThat(output).anyMatch(line -> line.contains("Stopping Postgres"));
    }

    private void assertEachServiceRoleReachesOnlyItsOwnSchema() throws Exception {
        Properties secrets = new Properties();
        try (Reader reader = Files.newBufferedReader(dataDir.resolve("secrets.properties"))) {
            secrets.load(reader);
        }
        String url = "jdbc:postgresql://localhost:" + LocalStack.POSTGRES_PORT + "/nakksha";
        try (Connection payment = DriverManager.getConnection(url, "payment", secrets.getProperty("payment.password"));
             Statement sql = payment.createStatement()) {
            sql.execute("SELECT count(*) FROM outbox_event");
            assertThatThrownBy(() -> sql.execute("SELECT count(*) FROM booking.outbox_event"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url, "payment", "wrong-password").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    private LaunchSettings settings(String... options) {
        List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        args.addAll(List.of(options));
        return LaunchSettings.parse(args, Map.of(), Path.of("").toAbsolutePath());
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void print(String line) {
        output.add(line);
        System.out.println(line);
    }
}
