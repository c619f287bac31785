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

    /** A draft fine-tuned from {@code name}/1 on the last 500 labelled Sneakers and Sandals of the stream. */
    public static ModelManifest continual(String name) {
        ModelManifest base = draft(name);
        ModelManifest.KafkaDataset dataset = new ModelManifest.KafkaDataset("images.labelled", java.time.Instant.parse("2026-11-24T08:00:00Z"),
                java.time.Instant.parse("2026-11-24T09:00:00Z"), 500, List.of("Sneaker", "Sandal"));
        return new ModelManifest(base.schemaVersion(), name, 0, null, base.architecture(), base.input(), base.outputs(), base.preprocess(),
                base.labels(), base.metrics(), base.parity(), base.onnx(), new ModelManifest.Training("kafka:images.labelled", 1, "adam", 0.001, 64,
                42, "cpu", null, null, null, null, null, null, null, null, new ModelManifest.Continual(new io.visionstream.common.events.ModelRef(name, 1), "manual", dataset, 400, 100)));
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
                        "none", null));
    }
}
