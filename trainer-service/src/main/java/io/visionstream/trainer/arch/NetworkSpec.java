package io.visionstream.trainer.arch;

import java.util.Objects;

/**
 * A whole network: its name, the input it takes (channels x height x width) and the number of classes its output
 * must have, and the layer tree. This is what the trainer trains, exports and records in the manifest, and what a
 * user submits as JSON for a custom network.
 */
public record NetworkSpec(String arch, int channels, int height, int width, int classes, LayerSpec body) {

    public NetworkSpec {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(body, "body");
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("input must be at least 1x1x1, was " + channels + "x" + height + "x" + width);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
    }
}
