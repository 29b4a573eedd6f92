package com.nakksha.infrastructure.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

    /** Ports taken one after another repeat within a few hundred (a broker once got one port for both its listeners). */
    @Test
    void manyPortsAskedAtOnceAreAllDifferentAndFree() throws IOException {
        int[] ports = FreePorts.distinct(500);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(500);
        for (int port : new int[] {ports[0], ports[499]}) {
            try (ServerSocket bound = new ServerSocket(port)) {
                assertThat(bound.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
