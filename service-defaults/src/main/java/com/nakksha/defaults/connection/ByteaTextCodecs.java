package com.nakksha.defaults.connection;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.client.EncodedParameter;
import io.r2dbc.postgresql.codec.Codec;
import io.r2dbc.postgresql.codec.CodecMetadata;
import io.r2dbc.postgresql.codec.CodecRegistry;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.postgresql.extension.CodecRegistrar;
import io.r2dbc.postgresql.message.Format;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Decodes {@code bytea} columns that arrive in Postgres' text format (a backslash, {@code x}, then two hex digits a
 * byte) into {@code byte[]} or {@link ByteBuffer} with a plain loop. r2dbc-postgresql 1.1's own codec matches a
 * regular expression over every character of the value: 8 % of the outbox relay's CPU samples in its benchmark
 * (each payload is read once), and more for a quotation's PDF. Registered ahead of the driver's codecs for every
 * service's connections through the driver's extension mechanism ({@code META-INF/services}); encoding, the binary
 * format and every other type stay with the driver's codecs. Service-defaults asks for results in binary
 * ({@code forceBinary}), so text reaches this decoder only from statements without parameters, which the driver sends
 * as simple queries.
 */
public final class ByteaTextCodecs implements CodecRegistrar {

    @Override
    public Publisher<Void> register(PostgresqlConnection connection, ByteBufAllocator allocator, CodecRegistry registry) {
        Codec<Object> bytesEncoder = encoderOf(registry, new byte[0]);
        Codec<Object> bufferEncoder = encoderOf(registry, ByteBuffer.allocate(0));
        registry.addFirst(new ByteaTextDecoder(byte[].class, bytesEncoder));
        registry.addFirst(new ByteaTextDecoder(ByteBuffer.class, bufferEncoder));
        return Mono.empty();
    }

    /** The driver's codec that encodes values like {@code sample}, which the decoder leaves encoding to. */
    @SuppressWarnings("unchecked")
    private static Codec<Object> encoderOf(CodecRegistry registry, Object sample) {
        for (Codec<?> codec : registry) {
            if (codec.canEncode(sample)) {
                return (Codec<Object>) codec;
            }
        }
        throw new IllegalStateException("r2dbc-postgresql has no codec encoding " + sample.getClass().getSimpleName());
    }

    /**
     * Decodes to one type and leaves encoding to the driver's codec for it. Its {@link CodecMetadata} puts it ahead of
     * the driver's codecs in the driver's lookup cache, which takes the first codec registered for a data type, format
     * and Java type, for decoding and for encoding alike.
     */
    static final class ByteaTextDecoder implements Codec<Object>, CodecMetadata {

        private static final int BYTEA = PostgresqlObjectId.BYTEA.getObjectId();

        private final Class<?> type;
        private final Codec<Object> encoder;

        ByteaTextDecoder(Class<?> type, Codec<Object> encoder) {
            this.type = type;
            this.encoder = encoder;
        }

        @Override
        public boolean canDecode(int dataType, Format format, Class<?> requested) {
            return dataType == BYTEA && format == Format.FORMAT_TEXT && requested == type;
        }

        @Override
        public Class<?> type() {
            return type;
        }

        @Override
        public Iterable<Format> getFormats() {
            return List.of(Format.FORMAT_TEXT);
        }

        @Override
        public Iterable<PostgresqlObjectId> getDataTypes() {
            return List.of(PostgresqlObjectId.BYTEA);
        }

        /**
         * @throws IllegalArgumentException when the value is not in the hex text format (Postgres' {@code bytea_output}
         *         set to {@code escape}, which the platform never sets)
         */
        @Override
        public Object decode(ByteBuf buffer, int dataType, Format format, Class<?> requested) {
            if (buffer == null) {
                return null;
            }
            byte[] bytes = hexToBytes(buffer);
            return type == ByteBuffer.class ? ByteBuffer.wrap(bytes) : bytes;
        }

        static byte[] hexToBytes(ByteBuf text) {
            int start = text.readerIndex();
            int length = text.readableBytes();
            if (length < 2 || text.getByte(start) != '\\' || text.getByte(start + 1) != 'x' || length % 2 != 0) {
                throw new IllegalArgumentException("bytea value is not in the hex text format");
            }
            byte[] bytes = new byte[(length - 2) / 2];
            for (int i = 0, at = start + 2; i < bytes.length; i++, at += 2) {
                bytes[i] = (byte) (HexFormat.fromHexDigit(text.getByte(at)) << 4 | HexFormat.fromHexDigit(text.getByte(at + 1)));
            }
            text.skipBytes(length);
            return bytes;
        }

        @Override
        public boolean canEncode(Object value) {
            return encoder.canEncode(value);
        }

        @Override
        public boolean canEncodeNull(Class<?> requested) {
            return encoder.canEncodeNull(requested);
        }

        @Override
        public EncodedParameter encode(Object value) {
            return encoder.encode(value);
        }

        @Override
        public EncodedParameter encode(Object value, int dataType) {
            return encoder.encode(value, dataType);
        }

        @Override
        public EncodedParameter encodeNull() {
            return encoder.encodeNull();
        }
    }
}
