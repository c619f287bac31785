package io.visionstream.common.image;

/**
 * Machine-readable reason an image payload was refused. It travels as the {@code dead-letter-reason} header of a
 * dead-lettered record and as the {@code reason} of an HTTP 4xx body, so clients can act on it without parsing text.
 */
public enum RejectReason {
    /** The payload has no bytes. */
    EMPTY,
    /** The payload is larger than the configured maximum number of bytes. */
    TOO_LARGE,
    /** The image header declares more pixels than the configured maximum (checked before decoding). */
    TOO_MANY_PIXELS,
    /** Neither JPEG, PNG nor a raw u8 tensor. */
    UNSUPPORTED_FORMAT,
    /** The content type could not be parsed (e.g. a raw tensor without a valid {@code shape} parameter). */
    BAD_CONTENT_TYPE,
    /** The bytes claim a supported format but cannot be decoded (truncated, damaged, inconsistent). */
    CORRUPT,
    /** A raw tensor's byte count or channel count does not fit its declared shape. */
    SHAPE_MISMATCH
}
