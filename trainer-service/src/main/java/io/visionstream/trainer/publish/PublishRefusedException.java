package io.visionstream.trainer.publish;

/** A run that must not become a model version (e.g. its ONNX export does not match the DJL model). */
public final class PublishRefusedException extends Exception {

    public PublishRefusedException(String message) {
        super(message);
    }
}
