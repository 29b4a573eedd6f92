package com.nakksha.edge.keepalive;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Asks the connection for its next read once a response has gone out in full, so the next request
 * on a kept-alive HTTP/1.1 connection is always read.
 *
 * <p>Why: Reactor Netty 1.3.6's server reads on demand, and when a request arrives before the
 * previous response's operations have terminated it buffers it and, in one interleaving, drains
 * the buffer without asking for another read; the request then sits unread until the client gives
 * up (reactor/reactor-netty#4347, #4361; fixed after 1.3.8, which is as far as our Maven mirror
 * goes). Measured here: back-to-back requests on kept-alive connections to booking-service hung once
 * in about 17,000 without this and never in 250,000 with it. The gateway's pooled connections to the
 * services and clients' connections to the gateway are such connections. An extra read request is
 * harmless: Netty keeps at most one pending, and what it reads goes through Reactor Netty's own
 * queue. Drop this once the platform is on a Reactor Netty with the fix and service-defaults'
 * {@code KeepAliveIT} passes without it.
 */
public final class KeepAliveReads implements NettyServerCustomizer {

    static final String HANDLER_NAME = "nakksha.keepAliveReads";

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(HANDLER_NAME) == null) {
                // Between the codec and Reactor Netty's traffic handler, so it sees each response's last frame being written.
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, new ReadAfterLastResponseFrame());
            }
        });
    }

    /** Requests the connection's next read once a response's last frame is written. */
    static final class ReadAfterLastResponseFrame extends ChannelDuplexHandler {

        @Override
        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
            if (message instanceof LastHttpContent) {
                ChannelPromise written = promise.unvoid();
                written.addListener(future -> {
                    if (future.isSuccess() && ctx.channel().isActive()) {
                        ctx.channel().eventLoop().execute(ctx::read);
                    }
                });
                ctx.write(message, written);
                return;
            }
            ctx.write(message, promise);
        }
    }
}
