package io.visionstream.inference.scoring;

import java.util.Objects;

/** A model version that cannot be served, with a {@link Reason} that is reported with the refused release. */
public final class ModelLoadException extends Exception {

    /** Why a version cannot be served. */
    public enum Reason {
        /** The ONNX file's bytes do not hash to the manifest's sha256, or the file is missing. */
        INTEGRITY,
        /** The ONNX file cannot be read. */
        UNREADABLE,
        /** The graph keeps tensors in files outside {@code model.onnx}, which ONNX Runtime would read from any path. */
        EXTERNAL_DATA,
        /** The bytes are not an ONNX model, or not one ONNX Runtime can load. */
        INVALID_MODEL,
        /** The graph's input and output signature does not fit the manifest. */
        SIGNATURE,
        /** The graph loads but its warm-up run fails. */
        WARM_UP
    }

    private final Reason reason;

    public ModelLoadException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ModelLoadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
