package com.nakksha.notification.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.nakksha.infrastructure.process.FreePorts;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The SMTP adapter against GreenMail, through a relay that counts the TCP connections the adapter opens and can cut
 * them as a server closing idle connections would.
 */
class SmtpMailTransportTest {

    private static final MailProperties DELIVERY = new MailProperties("no-reply@nakksha.local", "Nakksha", 8,
            Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofMinutes(2), 50, "smtp", 4);

    private GreenMail smtp;
    private ConnectionCountingRelay relay;
    private SmtpMailTransport transport;

    @BeforeEach
    void start() throws IOException {
        smtp = new GreenMail(new ServerSetup(FreePorts.any(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        relay = new ConnectionCountingRelay(smtp.getSmtp().getPort());
    }

    @AfterEach
    void stop() throws IOException {
        if (transport != null) {
            transport.destroy();
        }
        relay.close();
        smtp.stop();
    }

    @Test
    void mailsSentOneAfterAnotherShareOneConnection() {
        transport = transport(new SmtpProperties(Duration.ofSeconds(30), 100));

        for (int i = 0; i < 5; i++) {
            transport.send(UUID.randomUUID().toString(), "client" + i + "@example.test", "Client", mail("Mail " + i));
        }

        assertThat(smtp.getReceivedMessages()).hasSize(5);
        assertThat(relay.connections()).isEqualTo(1);
    }

    @Test
    void aConnectionCarriesAtMostItsShareOfMails() {
        transport = transport(new SmtpProperties(Duration.ofSeconds(30), 3));

        for (int i = 0; i < 7; i++) {
            transport.send(UUID.randomUUID().toString(), "client@example.test", "Client", mail("Mail " + i));
        }

        assertThat(smtp.getReceivedMessages()).hasSize(7);
        assertThat(relay.connections()).isEqualTo(3);
    }

    @Test
    void aConnectionIdleLongerThanTheIdleTimeoutIsClosedAndNotReused() {
        transport = transport(new SmtpProperties(Duration.ofMillis(100), 100));

        transport.send(UUID.randomUUID().toString(), "client@example.test", "Client", mail("First"));
        // The sweep closes the connection once it has been idle for the timeout.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            transport.closeIdleConnections();
            return relay.open() == 0;
        });
        transport.send(UUID.randomUUID().toString(), "client@example.test", "Client", mail("Second"));

        assertThat(smtp.getReceivedMessages()).hasSize(2);
        assertThat(relay.connections()).isEqualTo(2);
    }

    @Test
    void aKeptConnectionTheServerClosedCostsTheMailNothing() throws Exception {
        transport = transport(new SmtpProperties(Duration.ofSeconds(30), 100));
        transport.send(UUID.randomUUID().toString(), "client@example.test", "Client", mail("Before"));

        relay.cutAll();
        String messageId = transport.send("after-the-cut", "client@example.test", "Client", mail("After"));

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[1].getSubject()).isEqualTo("After");
        assertThat(received[1].getMessageID()).isEqualTo(messageId).startsWith("<after-the-cut@");
        assertThat(relay.connections()).isEqualTo(2);
    }

    @Test
    void aServerThatIsDownFailsTheAttemptForTheJobToRetry() throws IOException {
        transport = transport(new SmtpProperties(Duration.ofSeconds(30), 100));
        transport.send(UUID.randomUUID().toString(), "client@example.test", "Client", mail("Before"));
        relay.close();

        assertThatThrownBy(() -> transport.send(UUID.randomUUID().toString(), "client@example.test", "Client", mail("Lost")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SMTP refused or failed");
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void socketsHaveNagleOffUnlessTheOperatorNamedASocketFactory() throws IOException {
        JavaMailSenderImpl plain = sender();
        SmtpMailTransport.withNoDelaySockets(plain);
        assertThat(plain.getSession().getProperties().get("mail.smtp.socketFactory")).isSameAs(NoDelaySocketFactory.INSTANCE);
        assertThat(plain.getSession().getProperties().get("mail.smtps.socketFactory")).isSameAs(NoDelaySocketFactory.INSTANCE);
        try (Socket socket = NoDelaySocketFactory.INSTANCE.createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }

        JavaMailSenderImpl own = sender();
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.socketFactory.class", "javax.net.ssl.SSLSocketFactory");
        own.setJavaMailProperties(properties);
        SmtpMailTransport.withNoDelaySockets(own);
        assertThat(own.getSession().getProperties().get("mail.smtp.socketFactory")).isNull();
    }

    private SmtpMailTransport transport(SmtpProperties properties) {
        return new SmtpMailTransport(sender(), DELIVERY, properties, Clock.systemUTC());
    }

    private JavaMailSenderImpl sender() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(relay.port());
        return sender;
    }

    private static RenderedMail mail(String subject) {
        return new RenderedMail(subject, "plain", "<p>html</p>", List.of());
    }

    /** Forwards every accepted TCP connection to the SMTP server, counting them. */
    private static final class ConnectionCountingRelay implements AutoCloseable {

        private final ServerSocket server;
        private final int target;
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final List<Thread> pipes = new CopyOnWriteArrayList<>();

        ConnectionCountingRelay(int target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::acceptAll);
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return accepted.get();
        }

        /** Client connections not yet closed by either side. */
        long open() {
            return sockets.stream().filter(socket -> socket.getLocalPort() == port() && !socket.isClosed()).count();
        }

        /** Closes every connection and returns once both directions of each have ended. */
        void cutAll() throws IOException {
            for (Socket socket : sockets) {
                socket.close();
            }
            try {
                for (Thread pipe : pipes) {
                    pipe.join(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        /** Refuses new connections from now on and cuts the open ones. */
        @Override
        public void close() throws IOException {
            server.close();
            cutAll();
        }

        private void acceptAll() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    accepted.incrementAndGet();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(client);
                    sockets.add(upstream);
                    pipes.add(Thread.ofVirtual().start(() -> pipe(client, upstream)));
                    pipes.add(Thread.ofVirtual().start(() -> pipe(upstream, client)));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        /** Copies one direction; when either side ends, closes both, as a server dropping the connection would. */
        private static void pipe(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ended) {
                // One side closed: the connection is over.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }
}
