package io.visionstream.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.onnxruntime.OrtException;
import io.visionstream.common.json.Json;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.ResizeSpec;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.djl.SpecBlocks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Exports every zoo network at its standard input size ({@link Zoo#standardInput}; 1000 classes)
 * with random weights and batch-norm statistics, and measures export time, file size and parity - the figures the
 * CI tests cannot afford at full size. Prints a table and, last, {@code EXPORT_BENCH {json}}.
 */
public final class ExportBenchmark {

    private static final int CLASSES = 1000;
    private static final int PARITY_RANDOM_SAMPLES = 2;

    private ExportBenchmark() {
    }

    public static List<Map<String, Object>> run(List<String> archs) throws OrtException {
        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.printf("%-19s %8s %13s %9s %9s %11s %13s %6s%n", "arch", "input", "parameters", "onnx MB", "export s", "max |dp|",
                "rel dlogit", "top-1");
        for (String arch : archs) {
            Zoo.Input input = Zoo.standardInput(arch);
            int channels = input.channels();
            int size = input.size();
            NetworkSpec spec = Zoo.build(arch, channels, size, CLASSES);
            try (NDManager manager = NDManager.newBaseManager()) {
                Block block = SpecBlocks.build(spec);
                block.initialize(manager, DataType.FLOAT32, SpecBlocks.inputShape(spec, 1));
                randomiseBatchNorm(block, new Random(1));
                long start = System.nanoTime();
                OnnxExporter.Exported exported = OnnxExporter.export(spec, block, arch, syntheticLabels(CLASSES), syntheticPreprocess(spec), true);
                double exportSeconds = (System.nanoTime() - start) / 1e9;
                ParityCheck.Result parity = ParityCheck.check(spec, block, manager, exported.onnx(), PARITY_RANDOM_SAMPLES, 7);
                long parameters = io.visionstream.trainer.arch.NetworkAnalysis.of(spec).parameters();
                System.out.printf("%-19s %8s %,13d %9.1f %9.2f %11.2e %13.2e %6.2f%s%n", arch, channels + "x" + size, parameters,
                        exported.onnx().length / 1e6, exportSeconds, parity.parity().maxAbsDiffProbabilities(), parity.parity().maxRelDiffLogits(),
                        parity.parity().top1Agreement(), parity.passed() ? "" : "  FAILED at " + parity.firstDifference());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("arch", arch);
                row.put("input", size);
                row.put("parameters", parameters);
                row.put("onnxBytes", exported.onnx().length);
                row.put("exportSeconds", Math.round(exportSeconds * 100) / 100.0);
                row.put("maxAbsDiffProbabilities", parity.parity().maxAbsDiffProbabilities());
                row.put("maxRelDiffLogits", parity.parity().maxRelDiffLogits());
                row.put("top1Agreement", parity.parity().top1Agreement());
                row.put("passed", parity.passed());
                rows.add(row);
            }
        }
        System.out.println("EXPORT_BENCH " + Json.toJson(rows));
        return rows;
    }

    /**
     * Gives every batch-norm random statistics (gamma and variance in [0.5, 1.5), beta and mean in [-0.2, 0.2)), so
     * folding and running statistics matter in a parity check of an untrained network.
     */
    static void randomiseBatchNorm(Block block, Random random) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type == Parameter.Type.GAMMA || type == Parameter.Type.RUNNING_VAR || type == Parameter.Type.BETA || type == Parameter.Type.RUNNING_MEAN) {
                NDArray array = p.getValue().getArray();
                float[] values = new float[(int) array.size()];
                boolean scale = type == Parameter.Type.GAMMA || type == Parameter.Type.RUNNING_VAR;
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (scale ? 0.5 + random.nextDouble() : random.nextDouble() * 0.4 - 0.2);
                }
                array.set(values);
            }
        }
    }

    /** Labels class-0 .. class-(n-1) for untrained networks. */
    static List<String> syntheticLabels(int classes) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            labels.add("class-" + i);
        }
        return labels;
    }

    /** A preprocessing that fits the network's input, for the metadata of untrained exports. */
    static PreprocessSpec syntheticPreprocess(NetworkSpec spec) {
        ColourMode colour = spec.channels() == 1 ? ColourMode.GREY : ColourMode.RGB;
        return new PreprocessSpec(colour, ResizeSpec.direct(spec.height(), spec.width()), 1.0 / 255,
                Collections.nCopies(colour.channels(), 0.5), Collections.nCopies(colour.channels(), 0.25));
    }
}
