package com.nakksha.notification.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain sockets with {@code TCP_NODELAY} on, for Angus Mail's {@code mail.smtp.socketFactory}. Without it, the last
 * small write of an SMTP command or of a message's end waits for the server's delayed acknowledgement (Nagle's
 * algorithm, RFC 896): in a probe against GreenMail a message took ~46 ms to send with it and 4–9 ms without.
 *
 * <p>Angus Mail asks for an unconnected socket ({@link #createSocket()}) and connects it itself, with its timeouts; for
 * {@code mail.smtp.ssl.enable} and STARTTLS it layers TLS over this socket, so the option holds for those too.
 */
final class NoDelaySocketFactory extends SocketFactory {

    static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

    private NoDelaySocketFactory() {
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(new Socket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
