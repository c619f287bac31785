package io.visionstream.trainer.export;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.visionstream.common.json.Json;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.trainer.arch.LayerSpec;
import io.visionstream.trainer.arch.Layers;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.arch.Size2;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.djl.SpecBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every zoo network, randomly initialised at its smallest valid input (at least 32 px), exports to ONNX that computes what DJL computes. */
class OnnxExportParityTest {

    private static final int CLASSES = 10;

    static Set<String> zoo() {
        return Zoo.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void exportedGraphMatchesDjl(String arch) throws Exception {
        int channels = Zoo.standardInput(arch).channels();
        NetworkSpec spec = Zoo.build(arch, channels, Math.max(32, Zoo.smallestInput(arch, channels, CLASSES)), CLASSES);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = initialised(spec, manager, 11);

            OnnxExporter.Exported exported = OnnxExporter.export(spec, block, arch, labels(), preprocess(spec), true);
            ParityCheck.Result result = ParityCheck.check(spec, block, manager, exported.onnx(), 6, 5);

            System.out.printf("parity %-19s %3dx%-3d max|dp| %.2e  max rel dlogit %.2e  top-1 %.2f  max rel dembedding %s  (%d nodes)%n", arch,
                    spec.height(), spec.width(), result.parity().maxAbsDiffProbabilities(), result.parity().maxRelDiffLogits(),
                    result.parity().top1Agreement(), result.parity().maxRelDiffEmbedding(), exported.nodes());
            assertThat(result.passed()).as("%s at %dx%d: %s; worst at %s", arch, spec.height(), spec.width(), result.parity(),
                    result.firstDifference()).isTrue();
        }
    }

    @Test
    void groupedDilatedAndRectangularConvolutionsExportExactly() throws Exception {
        LayerSpec body = Layers.seq(
                new LayerSpec.Conv(null, 8, Size2.of(3), Size2.of(1), Size2.of(2), Size2.of(2), 1, true), Layers.relu(),
                new LayerSpec.Conv(null, 8, new Size2(1, 5), Size2.of(1), new Size2(0, 2), null, 4, false), Layers.batchNorm(), Layers.relu(),
                new LayerSpec.AvgPool(null, Size2.of(3), Size2.of(2), Size2.of(1), true, false), Layers.lrn(),
                Layers.globalAvgPool(), Layers.flatten(), Layers.dropout(0.3), Layers.dense(CLASSES));
        NetworkSpec spec = new NetworkSpec("custom", 3, 17, 17, CLASSES, body);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = initialised(spec, manager, 21);

            OnnxExporter.Exported exported = OnnxExporter.export(spec, block, "custom", labels(), preprocess(spec), true);
            ParityCheck.Result result = ParityCheck.check(spec, block, manager, exported.onnx(), 6, 3);

            assertThat(result.passed()).as("%s; worst at %s", result.parity(), result.firstDifference()).isTrue();
        }
    }

    @Test
    void aScaledResidualExportsAsAMulBeforeTheAdd() throws Exception {
        LayerSpec body = Layers.seq(Layers.convNoBias(8, 3, 1, 1), Layers.batchNorm(), Layers.relu(), Layers.conv(8, 1, 1, 0));
        NetworkSpec scaled = tinyResidual(Layers.scaledResidual(body, 0.2, Layers.relu()));
        NetworkSpec unscaled = tinyResidual(Layers.scaledResidual(body, 1.0, Layers.relu()));
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = initialised(scaled, manager, 5);

            OnnxExporter.Exported withScale = OnnxExporter.export(scaled, block, "scaled", labels(), preprocess(scaled), true);
            OnnxExporter.Exported withoutScale = OnnxExporter.export(unscaled, block, "scaled", labels(), preprocess(unscaled), true);
            ParityCheck.Result result = ParityCheck.check(scaled, block, manager, withScale.onnx(), 6, 13);

            assertThat(result.passed()).as("%s; worst at %s", result.parity(), result.firstDifference()).isTrue();
            assertThat(withScale.nodes()).isEqualTo(withoutScale.nodes() + 1);
            // the same weights without the scale compute something else, so the parity above depends on the Mul
            assertThat(ParityCheck.check(scaled, block, manager, withoutScale.onnx(), 6, 13).passed()).isFalse();
        }
    }

    private static NetworkSpec tinyResidual(LayerSpec residual) {
        return new NetworkSpec("scaled", 8, 9, 9, CLASSES, Layers.seq(residual, Layers.globalAvgPool(), Layers.flatten(), Layers.dense(CLASSES)));
    }

    @Test
    void foldingBatchNormChangesNothingAndRemovesNodes() throws Exception {
        NetworkSpec spec = Zoo.build("resnet18", 3, 32, CLASSES);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = initialised(spec, manager, 3);

            OnnxExporter.Exported folded = OnnxExporter.export(spec, block, "r", labels(), preprocess(spec), true);
            OnnxExporter.Exported plain = OnnxExporter.export(spec, block, "r", labels(), preprocess(spec), false);

            assertThat(folded.nodes()).isLessThan(plain.nodes());
            assertThat(ParityCheck.check(spec, block, manager, folded.onnx(), 4, 9).passed()).isTrue();
            assertThat(ParityCheck.check(spec, block, manager, plain.onnx(), 4, 9).passed()).isTrue();
        }
    }

    @Test
    void theFileAloneLoadsAndDescribesItself(@TempDir Path dir) throws Exception {
        NetworkSpec spec = Zoo.build("lenet5", 1, 28, CLASSES);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = initialised(spec, manager, 1);
            Path file = dir.resolve("model.onnx");
            Files.write(file, OnnxExporter.export(spec, block, "fashion", labels(), preprocess(spec), true).onnx());

            try (OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), new OrtSession.SessionOptions())) {
                assertThat(session.getInputNames()).containsExactly(OnnxExporter.INPUT);
                assertThat(session.getOutputNames()).containsExactlyInAnyOrder(OnnxExporter.LOGITS, OnnxExporter.PROBABILITIES, OnnxExporter.EMBEDDING);
                var metadata = session.getMetadata().getCustomMetadata();
                assertThat(Json.mapper().readValue(metadata.get("visionstream.labels"), List.class)).isEqualTo(labels());
                assertThat(Json.fromJson(metadata.get("visionstream.preprocess"), PreprocessSpec.class)).isEqualTo(preprocess(spec));
                assertThat(metadata.get("visionstream.model")).isEqualTo("fashion");
            }
        }
    }

    /** A block with random weights and random batch-norm statistics, so folding and running statistics matter. */
    static Block initialised(NetworkSpec spec, NDManager manager, long seed) {
        Block block = SpecBlocks.build(spec);
        block.initialize(manager, DataType.FLOAT32, SpecBlocks.inputShape(spec, 1));
        ExportBenchmark.randomiseBatchNorm(block, new Random(seed));
        return block;
    }

    private static List<String> labels() {
        return ExportBenchmark.syntheticLabels(CLASSES);
    }

    private static PreprocessSpec preprocess(NetworkSpec spec) {
        return ExportBenchmark.syntheticPreprocess(spec);
    }
}
