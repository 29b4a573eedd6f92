package com.nakksha.edge.keepalive;

import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mechanism of the work-around, one response at a time: a connection that reads on demand is asked for
 * its next read once, when a response's last frame has been written, and not for the frames before it.
 * service-defaults' {@code KeepAliveIT} sends thousands of requests over a kept-alive connection to a real server.
 */
class KeepAliveReadsTest {

    private final AtomicInteger readsRequested = new AtomicInteger();
    private EmbeddedChannel connection;

    @BeforeEach
    void connectionReadingOnDemand() {
        connection = new EmbeddedChannel();
        // As Reactor Netty's server: no read unless one is asked for.
        connection.config().setAutoRead(false);
        connection.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) throws Exception {
                readsRequested.incrementAndGet();
                super.read(ctx);
            }
        });
        connection.pipeline().addLast(KeepAliveReads.HANDLER_NAME, new KeepAliveReads.ReadAfterLastResponseFrame());
    }

    @Test
    void aResponsesLastFrameWrittenAsksForTheNextRequestOnce() {
        connection.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        connection.writeOutbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[] {'{', '}'})));
        connection.runPendingTasks();
        assertThat(readsRequested).as("no read while the response is still going out").hasValue(0);

        connection.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
        connection.runPendingTasks();

        assertThat(readsRequested).hasValue(1);
        connection.finishAndReleaseAll();
    }

    @Test
    void everyResponseOnTheConnectionAsksAgain() {
        for (int response = 0; response < 3; response++) {
            connection.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT));
            connection.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        connection.runPendingTasks();

        assertThat(readsRequested).hasValue(3);
        connection.finishAndReleaseAll();
    }

    @Test
    void aResponseThatCouldNotBeWrittenAsksForNoRead() {
        connection.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        connection.write(LastHttpContent.EMPTY_LAST_CONTENT);
        connection.close();
        connection.runPendingTasks();

        assertThat(readsRequested).hasValue(0);
    }
}
