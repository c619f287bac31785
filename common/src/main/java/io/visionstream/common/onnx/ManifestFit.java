package io.visionstream.common.onnx;

import io.visionstream.common.manifest.ModelManifest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one rule for "this ONNX graph fits its manifest", applied when the trainer registers a model and again when the
 * inference service loads it: the manifest's input is the graph's only input, a float tensor of rank 4 whose C, H and
 * W (read in the manifest's {@link io.visionstream.common.preprocess.TensorLayout}) match the manifest or are dynamic,
 * with a dynamic batch or one fixed at 1; the class-score output (probabilities, or logits when only they are named) is
 * a float {@code [batch, classes]} with one class per label; the logits and embedding outputs the manifest also names
 * exist. Each refusal names the manifest field it contradicts and what the graph declares instead.
 */
public final class ManifestFit {

    private ManifestFit() {
    }

    /** Everything in which the graph contradicts the manifest; empty when they agree. */
    public static List<String> mismatches(GraphSignature graph, ModelManifest manifest) {
        List<String> problems = new ArrayList<>();
        checkInput(graph, manifest.input(), problems);
        checkOutputs(graph, manifest, problems);
        return problems;
    }

    private static void checkInput(GraphSignature graph, ModelManifest.InputSpec spec, List<String> problems) {
        DeclaredTensor input = graph.inputs().get(spec.name());
        if (graph.inputs().size() != 1 || input == null) {
            problems.add("input: the manifest's input '" + spec.name() + "' must be the graph's only input, the graph has " + graph.inputs().keySet());
            return;
        }
        if (!input.isFloat()) {
            problems.add("input: '" + spec.name() + "' must be a float tensor, is " + input);
        }
        long[] shape = input.shape();
        long[] image = shape.length == 4 ? spec.layout().imageDims(shape) : null;
        if (image == null || !fits(image[0], spec.channels()) || !fits(image[1], spec.height()) || !fits(image[2], spec.width())) {
            problems.add("input: '" + spec.name() + "' has shape " + Arrays.toString(shape) + " but the manifest describes "
                    + spec.layout().describe(spec.channels(), spec.height(), spec.width()));
        } else if (shape[0] > 1) {
            problems.add("input: '" + spec.name() + "' fixes the batch size at " + shape[0] + "; only a dynamic batch or 1 can be served");
        }
    }

    private static void checkOutputs(GraphSignature graph, ModelManifest manifest, List<String> problems) {
        ModelManifest.OutputNames names = manifest.outputs();
        String field = names.scoresAreLogits() ? "outputs.logits" : "outputs.probabilities";
        DeclaredTensor scores = graph.outputs().get(names.scores());
        int classes = manifest.labels().size();
        if (scores == null) {
            problems.add(field + ": the graph has no output '" + names.scores() + "' (outputs: " + graph.outputs().keySet() + ")");
        } else if (!scores.isFloat()) {
            problems.add(field + ": '" + names.scores() + "' must be a float tensor, is " + scores);
        } else if (scores.shape().length != 2 || !fits(scores.shape()[1], classes)) {
            problems.add(field + ": '" + names.scores() + "' has shape " + Arrays.toString(scores.shape()) + " but the manifest has "
                    + classes + " labels");
        }
        if (!names.scoresAreLogits() && names.logits() != null && !graph.outputs().containsKey(names.logits())) {
            problems.add("outputs.logits: the graph has no output '" + names.logits() + "'");
        }
        if (names.embedding() != null && !graph.outputs().containsKey(names.embedding())) {
            problems.add("outputs.embedding: the graph has no output '" + names.embedding() + "'");
        }
    }

    private static boolean fits(long declared, long expected) {
        return declared == DeclaredTensor.DYNAMIC || declared == expected;
    }
}
