package io.visionstream.common.registry;

import java.util.Objects;

/** A registry operation that could not be carried out, with a {@link Reason} callers can map to 400/404/409/500. */
public final class RegistryException extends RuntimeException {

    /** Why a registry operation failed. */
    public enum Reason {
        /** The model name does not match the safe name pattern. */
        INVALID_NAME,
        /** No such model or version. */
        NOT_FOUND,
        /** The files of a version do not match its manifest (e.g. a tampered {@code model.onnx}). */
        INTEGRITY,
        /** What was handed to the registry cannot be published (e.g. no {@code model.onnx}). */
        INVALID_CONTENT,
        /** The file system failed. */
        IO
    }

    private final Reason reason;

    public RegistryException(Reason reason, String message) {
        this(reason, message, null);
    }

    public RegistryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
