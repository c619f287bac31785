package io.visionstream.bench;

import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A registry draft written by the trainer's {@code export-zoo} ({@code model.onnx} + a version-0 {@code manifest.json}):
 * how the benchmarks and the reliability suite get a real-sized network without DJL or training.
 */
public final class ZooDraft {

    private ZooDraft() {
    }

    /** The draft's manifest. */
    public static ModelManifest manifest(Path draft) throws IOException {
        return Json.mapper().readValue(draft.resolve(ModelManifest.FILE_NAME).toFile(), ModelManifest.class);
    }

    /** Publishes the draft into {@code registry} as the next version of its model. */
    public static ModelVersion publish(ModelRegistry registry, Path draft) throws IOException {
        return registry.publish(manifest(draft), dir -> Files.copy(draft.resolve(ModelManifest.ONNX_FILE_NAME), dir.resolve(ModelManifest.ONNX_FILE_NAME)));
    }
}
