package com.nakksha.notification.mail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * SMTP connections to the server of a {@link JavaMailSenderImpl} ({@code spring.mail.*}), kept open between mails
 * within the limits of {@link SmtpProperties}. Each mail takes one connection for itself ({@link #take()}) and hands it
 * back ({@link #keep}) or drops it ({@link #drop}) when done, so there are at most as many as mails sent at once.
 * Thread safe.
 */
final class SmtpConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmtpConnections.class);

    /** One connection in one mail's hands. */
    static final class Connection {
        private final Transport transport;
        private final boolean reused;
        private int mailsSent;
        private long idleSince;

        private Connection(Transport transport, boolean reused, int mailsSent) {
            this.transport = transport;
            this.reused = reused;
            this.mailsSent = mailsSent;
        }

        Transport transport() {
            return transport;
        }

        /** Whether an earlier mail used it: the server may have closed it since, unnoticed. */
        boolean reused() {
            return reused;
        }
    }

    private final JavaMailSenderImpl sender;
    private final SmtpProperties properties;
    /** Most recently used last; guarded by itself. */
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    SmtpConnections(JavaMailSenderImpl sender, SmtpProperties properties) {
        this.sender = sender;
        this.properties = properties;
    }

    /**
     * The most recently used idle connection if one is younger than the idle timeout, else a new one.
     *
     * @throws MessagingException when a new connection cannot be opened (server down, credentials refused)
     */
    Connection take() throws MessagingException {
        List<Connection> expired = new ArrayList<>();
        Connection kept = null;
        long now = System.nanoTime();
        synchronized (idle) {
            while (kept == null && !idle.isEmpty()) {
                Connection candidate = idle.pollLast();
                if (now - candidate.idleSince < properties.idleTimeout().toNanos()) {
                    kept = new Connection(candidate.transport, true, candidate.mailsSent);
                } else {
                    expired.add(candidate);
                }
            }
        }
        expired.forEach(SmtpConnections::quit);
        return kept != null ? kept : takeNew();
    }

    /** A new connection, whatever is idle. */
    Connection takeNew() throws MessagingException {
        // Spring's own send does the same (JavaMailSenderImpl.connectTransport): an empty user name means no AUTH.
        String username = sender.getUsername();
        String password = sender.getPassword();
        if (username != null && username.isEmpty()) {
            username = null;
            password = password != null && password.isEmpty() ? null : password;
        }
        String protocol = sender.getProtocol() != null ? sender.getProtocol() : "smtp";
        Transport transport = sender.getSession().getTransport(protocol);
        transport.connect(sender.getHost(), sender.getPort(), username, password);
        return new Connection(transport, false, 0);
    }

    /** Hands back a connection whose last mail the server answered; closes it once it carried its share. */
    void keep(Connection connection) {
        connection.mailsSent++;
        connection.idleSince = System.nanoTime();
        boolean idleNow = false;
        if (connection.mailsSent < properties.mailsPerConnection()) {
            synchronized (idle) {
                if (!closed) {
                    idle.addLast(connection);
                    idleNow = true;
                }
            }
        }
        if (!idleNow) {
            quit(connection);
        }
    }

    /** Closes a connection that failed; it is not used again. */
    void drop(Connection connection) {
        quit(connection);
    }

    /** Closes the connections idle for longer than the idle timeout; the server would drop them anyway. */
    void closeIdle() {
        List<Connection> expired = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (idle) {
            for (Iterator<Connection> each = idle.iterator(); each.hasNext(); ) {
                Connection connection = each.next();
                if (now - connection.idleSince >= properties.idleTimeout().toNanos()) {
                    each.remove();
                    expired.add(connection);
                }
            }
        }
        expired.forEach(SmtpConnections::quit);
    }

    /** Closes every idle connection; connections in use are closed when handed back. */
    @Override
    public void close() {
        List<Connection> all;
        synchronized (idle) {
            closed = true;
            all = new ArrayList<>(idle);
            idle.clear();
        }
        all.forEach(SmtpConnections::quit);
    }

    private static void quit(Connection connection) {
        try {
            connection.transport.close();
        } catch (MessagingException | RuntimeException e) {
            log.debug("closing an SMTP connection failed: {}", e.toString());
        }
    }
}
