package io.visionstream.common.image;

import java.util.HexFormat;
import java.util.Locale;

/** Compressed formats recognised by their file signature, never by the declared content type alone. */
enum ImageFormat {
    JPEG(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
    PNG(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});

    private static final int HEX_PREFIX_BYTES = 8;

    private final byte[] signature;

    ImageFormat(byte[] signature) {
        this.signature = signature;
    }

    String formatName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ImageFormat sniff(byte[] payload) {
        for (ImageFormat format : values()) {
            if (startsWith(payload, format.signature)) {
                return format;
            }
        }
        return null;
    }

    static String hexPrefix(byte[] payload) {
        int n = Math.min(HEX_PREFIX_BYTES, payload.length);
        return HexFormat.ofDelimiter(" ").formatHex(payload, 0, n) + (payload.length > n ? " ..." : "");
    }

    private static boolean startsWith(byte[] payload, byte[] prefix) {
        if (payload.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (payload[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
