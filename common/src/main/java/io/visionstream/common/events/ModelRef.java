package io.visionstream.common.events;

import java.util.Objects;

/** Identifies one immutable model version: the registry directory {@code <name>/<version>}. */
public record ModelRef(String name, int version) {

    public ModelRef {
        Objects.requireNonNull(name, "model name");
        if (version < 1) {
            throw new IllegalArgumentException("model version must be >= 1, was " + version);
        }
    }

    @Override
    public String toString() {
        return name + "/" + version;
    }
}
