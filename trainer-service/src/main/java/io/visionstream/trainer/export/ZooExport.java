package io.visionstream.trainer.export;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.ResizeSpec;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.djl.SpecBlocks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A zoo network at its standard input with random weights and batch-norm statistics, written as a registry draft
 * ({@code model.onnx} plus a version-0 {@code manifest.json}) for whoever needs a real-sized model without training
 * one: the inference benchmark serves ResNet-50 this way. The deploy tools publish the draft into their own registry,
 * so they need neither DJL nor the trainer's classes. No parity check (that is {@code export-bench}'s job).
 */
public final class ZooExport {

    private ZooExport() {
    }

    /**
     * Writes {@code out/model.onnx} and {@code out/manifest.json}. With {@code shorterSide} the manifest's
     * preprocessing scales the shorter side to it and centre-crops the network's input (the ImageNet evaluation
     * recipe); without it, images are resized straight to the input.
     */
    public static ModelManifest write(String arch, String name, int classes, Integer shorterSide, Path out) throws IOException {
        Zoo.Input input = Zoo.standardInput(arch);
        NetworkSpec spec = Zoo.build(arch, input.channels(), input.size(), classes);
        PreprocessSpec direct = ExportBenchmark.syntheticPreprocess(spec);
        PreprocessSpec preprocess = shorterSide == null ? direct : new PreprocessSpec(direct.colour(),
                ResizeSpec.shorterSideCrop(shorterSide, spec.height(), spec.width()), direct.scale(), direct.mean(), direct.std());
        OnnxExporter.Exported exported;
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = SpecBlocks.build(spec);
            block.initialize(manager, DataType.FLOAT32, SpecBlocks.inputShape(spec, 1));
            ExportBenchmark.randomiseBatchNorm(block, new Random(1));
            exported = OnnxExporter.export(spec, block, name, ExportBenchmark.syntheticLabels(classes), preprocess, true);
        }
        ModelManifest manifest = new ModelManifest(ModelManifest.SCHEMA_VERSION, name, 0, null,
                new ModelManifest.Architecture(arch, Json.mapper().valueToTree(spec)),
                new ModelManifest.InputSpec(OnnxExporter.INPUT, spec.channels(), spec.height(), spec.width()),
                new ModelManifest.OutputNames(OnnxExporter.LOGITS, OnnxExporter.PROBABILITIES, exported.hasEmbedding() ? OnnxExporter.EMBEDDING : null),
                preprocess, ExportBenchmark.syntheticLabels(classes), null, null,
                new ModelManifest.OnnxFile(ModelManifest.ONNX_FILE_NAME, null, OnnxExporter.OPSET, true), null);
        Files.createDirectories(out);
        Files.write(out.resolve(ModelManifest.ONNX_FILE_NAME), exported.onnx());
        Files.writeString(out.resolve(ModelManifest.FILE_NAME), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
        return manifest;
    }
}
