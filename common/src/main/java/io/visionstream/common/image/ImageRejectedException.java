package io.visionstream.common.image;

import java.util.Objects;

/** An image payload that cannot be used, with a {@link RejectReason} for machines and a message for people. */
public final class ImageRejectedException extends Exception {

    private final RejectReason reason;

    public ImageRejectedException(RejectReason reason, String message) {
        this(reason, message, null);
    }

    public ImageRejectedException(RejectReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RejectReason reason() {
        return reason;
    }
}
