package com.nakksha.local.redis;

import com.nakksha.infrastructure.process.FreePorts;
import com.nakksha.local.process.Port;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs on a spare port, so a Redis the machine already has on 6379 stays out of it. */
class RedisForGatewayIT {

    @TempDir
    Path dir;

    @Test
    void startsRedisServerWhenNoneAnswersAndUsesARunningOneAsItIs() throws IOException {
        int port = FreePorts.any();
        Path log = dir.resolve("redis.log");

        RedisForGateway.Outcome first = RedisForGateway.ensure(port, log, dir);

        if (RedisForGateway.onPath("redis-server").isEmpty()) {
            assertThat(first).isInstanceOf(RedisForGateway.Unavailable.class);
            assertThat(first.describe()).contains("no redis-server on the PATH").contains("lets every request through");
            return;
        }
        assertThat(first).isInstanceOf(RedisForGateway.Started.class);
        RedisForGateway.Started started = (RedisForGateway.Started) first;
        try {
            RedisForGateway.Outcome again = RedisForGateway.ensure(port, log, dir);
            assertThat(again).isInstanceOf(RedisForGateway.AlreadyRunning.class);
            assertThat(again.describe()).as("says whose Redis it shares")
                    .contains("pid " + started.process().pid())
                    .contains(ProcessHandle.current().info().user().orElseThrow())
                    .contains("not started by the launcher")
                    .as("names the program as it was started, not where its link resolves")
                    .contains("redis-server").doesNotContain("redis-check-rdb");
        } finally {
            started.process().stop(Duration.ofSeconds(5));
        }
        assertThat(new Port(port, "redis").isFree()).isTrue();
    }

    @Test
    void leavesAPortAloneThatSomethingElseHolds() throws IOException {
        try (ServerSocket notRedis = new ServerSocket(0)) {
            RedisForGateway.Outcome outcome = RedisForGateway.ensure(notRedis.getLocalPort(), dir.resolve("redis.log"), dir);

            assertThat(outcome).isInstanceOf(RedisForGateway.Unavailable.class);
            assertThat(outcome.describe()).contains("does not answer Redis PING");
        }
    }
}
