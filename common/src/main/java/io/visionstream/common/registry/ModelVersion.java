package io.visionstream.common.registry;

import io.visionstream.common.manifest.ModelManifest;

import java.nio.file.Path;

/** One published, verified model version: its directory in the registry and its manifest. */
public record ModelVersion(Path directory, ModelManifest manifest) {

    /** The ONNX file of this version. */
    public Path onnxFile() {
        return directory.resolve(manifest.onnx().file());
    }
}
