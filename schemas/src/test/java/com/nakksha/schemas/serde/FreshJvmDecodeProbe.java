package com.nakksha.schemas.serde;

import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.SampleEvents;
import java.nio.ByteBuffer;
import org.apache.avro.specific.SpecificRecord;

/**
 * Runs in a new JVM started by {@link TrustedPackageInFreshJvmTest}, so no earlier codec use in
 * the test JVM can have widened Avro's trusted classes. Prints one line per step.
 */
public final class FreshJvmDecodeProbe {

    private FreshJvmDecodeProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("property=" + System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES"));
        SessionCompleted event = SampleEvents.all().stream()
                .filter(SessionCompleted.class::isInstance).map(SessionCompleted.class::cast).findFirst().orElseThrow();
        ByteBuffer plainBytes = event.toByteBuffer();

        // Avro's own decoder, before our codec class is loaded: Avro 1.12 refuses the class.
        try {
            SessionCompleted.fromByteBuffer(plainBytes.duplicate());
            System.out.println("plain=decoded");
        } catch (SecurityException refused) {
            System.out.println("plain=refused");
        }

        SpecificRecord decoded = new AvroEventCodec().decode(new AvroEventCodec().encode(event));
        System.out.println("codec=" + (decoded.equals(event) ? "decoded" : "different"));
    }
}
