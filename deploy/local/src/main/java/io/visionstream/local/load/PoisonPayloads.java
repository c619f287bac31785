package io.visionstream.local.load;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Payloads the inference service must refuse, each with the dead-letter reason it must carry: what a misbehaving
 * producer, a damaged upload or an attacker puts on the {@code images} topic. Used by the demo and the reliability
 * suite to show that none of them stops the stream and none is lost.
 */
public final class PoisonPayloads {

    /** The decoder's default payload limit (DecodeLimits) is 10 MiB; one byte more is refused before decoding. */
    private static final int OVERSIZED_BYTES = 10 * 1024 * 1024 + 1;
    private static final int BOMB_SIDE = 100_000;

    /** One bad image event: what it is, its bytes, declared content type, model header (or null), expected reason. */
    public record Poison(String kind, byte[] payload, String contentType, String model, String expectedReason) {
    }

    private PoisonPayloads() {
    }

    /** One of each kind, built from {@code image} (any small picture). */
    public static List<Poison> all(BufferedImage image) {
        byte[] png = ImageBytes.encode(image, "png");
        byte[] jpeg = ImageBytes.encode(image, "jpeg");
        return List.of(
                new Poison("empty", new byte[0], "image/png", null, "EMPTY"),
                new Poison("oversized (10 MiB + 1 byte)", new byte[OVERSIZED_BYTES], "image/png", null, "TOO_LARGE"),
                new Poison("PNG bomb (100000x100000 header)", declaringSize(png, BOMB_SIDE, BOMB_SIDE), "image/png", null, "TOO_MANY_PIXELS"),
                new Poison("truncated JPEG", Arrays.copyOf(jpeg, jpeg.length / 2), "image/jpeg", null, "CORRUPT"),
                new Poison("wrong type (a PDF)", "%PDF-1.7\n%âãÏÓ\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1), "application/pdf", null, "UNSUPPORTED_FORMAT"),
                new Poison("raw tensor without shape", new byte[28 * 28], "application/x-raw-u8", null, "BAD_CONTENT_TYPE"),
                new Poison("raw tensor, wrong size", new byte[100], "application/x-raw-u8;shape=1x28x28", null, "SHAPE_MISMATCH"),
                new Poison("unknown model", png, "image/png", "no-such-model", "UNKNOWN_MODEL"));
    }

    /** A copy of a PNG whose header claims {@code width x height} (CRC fixed, so only the size is a lie). */
    static byte[] declaringSize(byte[] png, int width, int height) {
        byte[] copy = png.clone();
        int ihdrData = 8 + 4 + 4; // signature, chunk length, chunk type
        ByteBuffer.wrap(copy, ihdrData, 8).putInt(width).putInt(height);
        CRC32 crc = new CRC32();
        crc.update(copy, ihdrData - 4, 4 + 13); // type + data
        ByteBuffer.wrap(copy, ihdrData + 13, 4).putInt((int) crc.getValue());
        return copy;
    }
}
