package com.nakksha.defaults.connection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.postgresql.extension.Extension;
import io.r2dbc.postgresql.message.Format;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteaTextCodecsTest {

    private final ByteaTextCodecs.ByteaTextDecoder decoder = new ByteaTextCodecs.ByteaTextDecoder(byte[].class, null);
    private final ByteaTextCodecs.ByteaTextDecoder bufferDecoder = new ByteaTextCodecs.ByteaTextDecoder(ByteBuffer.class, null);
    private final int bytea = PostgresqlObjectId.BYTEA.getObjectId();

    @Test
    void theDriverFindsItAmongItsExtensions() {
        assertThat(ServiceLoader.load(Extension.class).stream().map(ServiceLoader.Provider::type))
                .contains(ByteaTextCodecs.class);
    }

    @Test
    void decodesTheHexTextFormIntoBytesOrABuffer() {
        assertThat((byte[]) decoder.decode(text("\\x00ff7fA0"), bytea, Format.FORMAT_TEXT, byte[].class))
                .containsExactly(0x00, 0xff, 0x7f, 0xa0);
        assertThat(bufferDecoder.decode(text("\\x0102"), bytea, Format.FORMAT_TEXT, ByteBuffer.class))
                .isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
        assertThat((byte[]) decoder.decode(text("\\x"), bytea, Format.FORMAT_TEXT, byte[].class)).isEmpty();
    }

    @Test
    void refusesWhatIsNotTheHexTextForm() {
        assertThatThrownBy(() -> decoder.decode(text("\\000"), bytea, Format.FORMAT_TEXT, byte[].class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hex text format");
        assertThatThrownBy(() -> decoder.decode(text("\\x0"), bytea, Format.FORMAT_TEXT, byte[].class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(text("\\xzz"), bytea, Format.FORMAT_TEXT, byte[].class))
                .isInstanceOf(NumberFormatException.class);
    }

    @Test
    void leavesTheBinaryFormAndOtherTypesToTheDriver() {
        assertThat(decoder.canDecode(bytea, Format.FORMAT_TEXT, byte[].class)).isTrue();
        assertThat(decoder.canDecode(bytea, Format.FORMAT_BINARY, byte[].class)).isFalse();
        assertThat(decoder.canDecode(bytea, Format.FORMAT_TEXT, String.class)).isFalse();
        assertThat(decoder.canDecode(bytea, Format.FORMAT_TEXT, ByteBuffer.class)).isFalse();
        assertThat(bufferDecoder.canDecode(bytea, Format.FORMAT_TEXT, ByteBuffer.class)).isTrue();
        assertThat(decoder.canDecode(PostgresqlObjectId.TEXT.getObjectId(), Format.FORMAT_TEXT, byte[].class)).isFalse();
    }

    private static io.netty.buffer.ByteBuf text(String value) {
        return Unpooled.copiedBuffer(value, StandardCharsets.US_ASCII);
    }
}
