package io.visionstream.inference.scoring;

/** A model version that cannot be served: unreadable by ONNX Runtime, or its graph does not fit its manifest. */
public final class ModelLoadException extends Exception {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
