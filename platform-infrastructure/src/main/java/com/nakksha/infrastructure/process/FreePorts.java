package com.nakksha.infrastructure.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports for a child process that is told its ports before it binds them (a Kafka broker, the mail catcher, a test's
 * mail server), or for an address where nothing should answer.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port nothing listened on a moment ago; another process can take it before the caller binds it.
     *
     * @throws UncheckedIOException when the kernel has no port to give
     */
    public static int any() {
        return distinct(1)[0];
    }

    /**
     * {@code count} different ports that nothing listened on a moment ago. Each is held open until all are chosen, so
     * the kernel cannot hand out one twice: asked one after another, it gave a broker's listener and controller the
     * same port, and Kafka refused to format its storage. Another process can still take a port before the caller
     * binds it.
     *
     * @throws UncheckedIOException when the kernel has no port to give
     */
    public static int[] distinct(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // A socket that does not close keeps its port; the others are released.
                }
            }
        }
    }
}
