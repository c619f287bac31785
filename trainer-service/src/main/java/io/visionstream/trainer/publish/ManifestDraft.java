package io.visionstream.trainer.publish;

import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.onnx.DeclaredTensor;
import io.visionstream.common.onnx.GraphSignature;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.ResizeSpec;
import io.visionstream.common.preprocess.TensorLayout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Drafts the manifest of an ONNX classifier made elsewhere from its graph, so that registering it only takes real
 * labels and the preprocessing it was trained with: input name, size and layout (NCHW unless only the last
 * dimension looks like channels, 1 or 3), the class-score output (a 2-D float output named like probabilities or
 * logits; an unrecognised one is taken as logits, which the inference service turns into probabilities), and an
 * {@code embedding} output if there is one. Labels are placeholders, preprocessing the usual ImageNet defaults.
 */
public final class ManifestDraft {

    /** The side used when the graph leaves height or width symbolic. */
    static final int DEFAULT_SIDE = 224;

    private ManifestDraft() {
    }

    /** A draft manifest and what the user must check because the graph could not tell. */
    public record Draft(ModelManifest manifest, List<String> notes) {
    }

    /** Drafts a manifest for {@code name}; fails if the graph has not exactly one 4-D float input or no 2-D float output. */
    public static Draft of(String name, OnnxSignature onnx) {
        GraphSignature signature = onnx.graph();
        List<String> notes = new ArrayList<>();
        if (signature.inputs().size() != 1) {
            throw new IllegalArgumentException("an image classifier has one input, this graph has " + signature.inputs().keySet());
        }
        String inputName = signature.inputs().keySet().iterator().next();
        DeclaredTensor input = signature.inputs().get(inputName);
        if (!input.isFloat() || input.shape().length != 4) {
            throw new IllegalArgumentException("input '" + inputName + "' is " + input + "; a 4-D float image tensor is needed");
        }
        long[] shape = input.shape();
        TensorLayout layout = isChannels(shape[3]) && !isChannels(shape[1]) ? TensorLayout.NHWC : TensorLayout.NCHW;
        if (isChannels(shape[1]) == isChannels(shape[3])) {
            notes.add("layout: cannot tell from " + Arrays.toString(shape) + ", assumed NCHW (set input.layout to NHWC for TensorFlow exports)");
        }
        long[] image = layout.imageDims(shape);
        int channels = image[0] == 1 ? 1 : 3;
        int height = side(image[1], "height", notes);
        int width = side(image[2], "width", notes);

        String probabilities = output(signature, "prob", "softmax").orElse(null);
        String logits = output(signature, "logit").orElse(null);
        if (probabilities == null && logits == null) {
            logits = signature.outputs().entrySet().stream().filter(e -> isScores(e.getValue())).map(java.util.Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no 2-D float output [batch, classes] in " + signature.outputs()));
            notes.add("outputs: '" + logits + "' taken as logits (softmax applied when serving); name it as probabilities if the graph ends in a softmax");
        }
        String embedding = signature.outputs().keySet().stream().filter(n -> n.toLowerCase(Locale.ROOT).contains("embedding")).findFirst().orElse(null);
        long classes = signature.outputs().get(probabilities != null ? probabilities : logits).shape()[1];
        if (classes < 1) {
            notes.add("labels: the graph does not fix the number of classes; list one label per class");
            classes = 1;
        }
        notes.add("labels and preprocess are placeholders: list the real class names in output order and the preprocessing the model was trained with");

        List<String> labels = IntStream.range(0, (int) classes).mapToObj(i -> "class-" + i).toList();
        List<Double> mean = channels == 1 ? List.of(0.5) : List.of(0.485, 0.456, 0.406);
        List<Double> std = channels == 1 ? List.of(0.5) : List.of(0.229, 0.224, 0.225);
        ModelManifest manifest = new ModelManifest(ModelManifest.SCHEMA_VERSION, name, 0, null, new ModelManifest.Architecture("custom", null),
                new ModelManifest.InputSpec(inputName, channels, height, width, layout), new ModelManifest.OutputNames(logits, probabilities, embedding),
                new PreprocessSpec(channels == 1 ? ColourMode.GREY : ColourMode.RGB, ResizeSpec.direct(height, width), 1.0 / 255, mean, std),
                labels, null, null, new ModelManifest.OnnxFile(ModelManifest.ONNX_FILE_NAME, null, (int) onnx.opset(), false), null);
        return new Draft(manifest, notes);
    }

    private static boolean isChannels(long dim) {
        return dim == 1 || dim == 3;
    }

    private static int side(long dim, String what, List<String> notes) {
        if (dim > 0) {
            return (int) dim;
        }
        notes.add("input: the graph leaves the " + what + " symbolic, " + DEFAULT_SIDE + " assumed");
        return DEFAULT_SIDE;
    }

    private static boolean isScores(DeclaredTensor tensor) {
        return tensor.isFloat() && tensor.shape().length == 2;
    }

    /** The first 2-D float output whose name contains one of {@code hints}. */
    private static Optional<String> output(GraphSignature signature, String... hints) {
        return signature.outputs().entrySet().stream().filter(e -> isScores(e.getValue()))
                .filter(e -> Arrays.stream(hints).anyMatch(h -> e.getKey().toLowerCase(Locale.ROOT).contains(h)))
                .map(java.util.Map.Entry::getKey).findFirst();
    }
}
