package io.visionstream.common.image;

import java.util.Objects;

/**
 * Turns an image payload (JPEG, PNG or a raw u8 tensor) into a {@link DecodedImage}, or refuses it with an
 * {@link ImageRejectedException} saying why. Checks run cheapest first: emptiness, byte size, content type, then
 * the pixel count from the header, and only then the pixels. Plain 8-bit grey and colour JPEGs are decoded by
 * libjpeg-turbo (OpenCV), reduced to what a {@link DecodeTarget} needs; other JPEGs, PNGs, and every image where the
 * natives cannot load, by ImageIO at full size. Thread-safe; one instance serves a whole service.
 */
public final class ImageDecoder {

    private final DecodeLimits limits;
    private final CompressedImageDecoder compressed;
    private final JpegNativeDecoder nativeJpeg;

    public ImageDecoder(DecodeLimits limits) {
        this(limits, JpegNativeDecoder.shared());
    }

    ImageDecoder(DecodeLimits limits, JpegNativeDecoder nativeJpeg) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.compressed = new CompressedImageDecoder(limits);
        this.nativeJpeg = Objects.requireNonNull(nativeJpeg, "nativeJpeg");
    }

    public DecodeLimits limits() {
        return limits;
    }

    /**
     * Decodes one payload at full size.
     *
     * @param payload     the bytes as received
     * @param contentType the declared media type, or {@code null}; JPEG and PNG are recognised by their signature
     *                    whatever is declared, a raw tensor needs {@code application/x-raw-u8;shape=CxHxW}
     */
    public DecodedImage decode(byte[] payload, String contentType) throws ImageRejectedException {
        return decode(payload, contentType, DecodeTarget.FULL_SIZE);
    }

    /**
     * Decodes one payload, a JPEG possibly reduced to 1/2, 1/4 or 1/8 of its size as long as the result still covers
     * {@code target} (see {@link DecodeTarget#reductionFor}); PNGs, raw tensors and JPEGs that ImageIO decodes come
     * at full size. The limits apply to the full size declared in the header.
     *
     * @param payload     the bytes as received
     * @param contentType as for {@link #decode(byte[], String)}
     * @param target      the pixels the preprocessing needs, e.g. {@code PreprocessSpec#decodeTarget()}
     */
    public DecodedImage decode(byte[] payload, String contentType, DecodeTarget target) throws ImageRejectedException {
        Objects.requireNonNull(target, "target");
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
        if (format == ImageFormat.JPEG) {
            JpegHeader header = JpegHeader.parse(payload);
            if (header != null) {
                limits.checkPixels(format.formatName(), header.width(), header.height());
                DecodedImage image = nativeJpeg.decode(payload, header, target.reductionFor(header.width(), header.height()));
                if (image != null) {
                    return image;
                }
            }
        }
        return compressed.decode(payload, format);
    }
}
