package io.visionstream.common.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.ResizeSpec;

import java.util.List;

/** Draft manifests as the trainer would hand them to the registry. */
public final class SampleManifests {

    public static final List<String> FASHION_LABELS = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private SampleManifests() {
    }

    public static ModelManifest draft(String name) {
        return new ModelManifest(ModelManifest.SCHEMA_VERSION, name, 0, null,
                new ModelManifest.Architecture("lenet5", JsonNodeFactory.instance.objectNode().put("type", "sequential")),
                new ModelManifest.InputSpec("input", 1, 28, 28),
                new ModelManifest.OutputNames("logits", "probabilities", "embedding"),
                new PreprocessSpec(ColourMode.GREY, ResizeSpec.direct(28, 28), 1.0 / 255, List.of(0.2860), List.of(0.3530)),
                FASHION_LABELS,
                new ModelManifest.Metrics(0.912, 0.905, 0.998),
                new ModelManifest.Parity(8.1e-7, 2.0e-6, 1.0, 64, 1.2e-6),
                new ModelManifest.OnnxFile("model.onnx", null, 17, true),
                new ModelManifest.Training("fashion-mnist", 10, "adam", 0.001, 256, 42, "cpu", null, 0.9, false, 0.0, "fixed", 0, 0.0,
                        "none"));
    }
}
