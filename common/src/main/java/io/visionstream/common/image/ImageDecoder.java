package io.visionstream.common.image;

import java.util.Objects;

/**
 * Turns an image payload (JPEG, PNG or a raw u8 tensor) into a {@link DecodedImage}, or refuses it with an
 * {@link ImageRejectedException} saying why. Checks run cheapest first: emptiness, byte size, content type, then
 * the pixel count from the header, and only then the pixels. Thread-safe; one instance serves a whole service.
 */
public final class ImageDecoder {

    private final DecodeLimits limits;
    private final CompressedImageDecoder compressed;

    public ImageDecoder(DecodeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.compressed = new CompressedImageDecoder(limits);
    }

    public DecodeLimits limits() {
        return limits;
    }

    /**
     * Decodes one payload.
     *
     * @param payload     the bytes as received
     * @param contentType the declared media type, or {@code null}; JPEG and PNG are recognised by their signature
     *                    whatever is declared, a raw tensor needs {@code application/x-raw-u8;shape=CxHxW}
     */
    public DecodedImage decode(byte[] payload, String contentType) throws ImageRejectedException {
        if (payload == null || payload.length == 0) {
            throw new ImageRejectedException(RejectReason.EMPTY, "the payload is empty");
        }
        if (payload.length > limits.maxPayloadBytes()) {
            throw new ImageRejectedException(RejectReason.TOO_LARGE, "the payload has " + payload.length
                    + " bytes, more than the limit of " + limits.maxPayloadBytes());
        }
        if (RawTensorFormat.matches(contentType)) {
            return RawTensorFormat.parse(contentType).decode(payload, limits);
        }
        ImageFormat format = ImageFormat.sniff(payload);
        if (format == null) {
            throw new ImageRejectedException(RejectReason.UNSUPPORTED_FORMAT, "the payload is neither JPEG, PNG nor "
                    + RawTensorFormat.MEDIA_TYPE + " (declared content type: " + (contentType == null ? "none" : "'" + contentType + "'")
                    + ", first bytes: " + ImageFormat.hexPrefix(payload) + ")");
        }
        return compressed.decode(payload, format);
    }
}
