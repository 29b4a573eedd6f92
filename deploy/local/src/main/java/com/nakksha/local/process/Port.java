package com.nakksha.local.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A TCP port the stack needs, and who needs it. */
public record Port(int number, String usedBy) {

    /** Tried the way our servers bind, on every interface, so a listener on any address counts as taken. */
    public boolean isFree() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(number));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return number + " (" + usedBy + ")";
    }
}
