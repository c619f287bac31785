package io.visionstream.trainer.stream;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An image's bytes with the media type its record declared: the DSL join sees values, not headers, so the
 * {@code content-type} header travels inside the value while the image waits in the join's window store.
 *
 * @param contentType the {@code content-type} header of the image record; null when it had none (JPEG and PNG are
 *                    recognised by their signature anyway)
 */
public record TypedImage(String contentType, byte[] bytes) {

    /** Stored as: int length of the UTF-8 media type (-1 = none), the media type, then the image bytes. */
    static final Serde<TypedImage> SERDE = Serdes.serdeFrom(TypedImage::write, TypedImage::read);

    public TypedImage {
        Objects.requireNonNull(bytes, "bytes");
    }

    private static byte[] write(String topic, TypedImage image) {
        if (image == null) {
            return null;
        }
        byte[] type = image.contentType == null ? new byte[0] : image.contentType.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(Integer.BYTES + type.length + image.bytes.length);
        out.putInt(image.contentType == null ? -1 : type.length).put(type).put(image.bytes);
        return out.array();
    }

    private static TypedImage read(String topic, byte[] stored) {
        if (stored == null) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(stored);
        int typeLength = in.getInt();
        String type = null;
        if (typeLength >= 0) {
            byte[] typeBytes = new byte[typeLength];
            in.get(typeBytes);
            type = new String(typeBytes, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[in.remaining()];
        in.get(bytes);
        return new TypedImage(type, bytes);
    }
}
