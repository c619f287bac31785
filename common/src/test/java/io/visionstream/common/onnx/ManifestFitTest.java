package io.visionstream.common.onnx;

import ai.onnx.proto.OnnxMl;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.TensorLayout;
import io.visionstream.common.testing.TinyClassifiers;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.visionstream.common.onnx.DeclaredTensor.DYNAMIC;
import static org.assertj.core.api.Assertions.assertThat;

class ManifestFitTest {

    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    private static final int INT64 = OnnxMl.TensorProto.DataType.INT64_VALUE;
    private static final List<String> LABELS = List.of("a", "b", "c");
    /** Input "input" of 1 x 2 x 3 (C x H x W), outputs logits and probabilities, no embedding. */
    private static final ModelManifest MANIFEST = TinyClassifiers.manifest("m", ColourMode.GREY, LABELS);

    @Test
    void aGraphWithADynamicBatchFits() {
        assertThat(ManifestFit.mismatches(graph(floats(DYNAMIC, 1, 2, 3)), MANIFEST)).isEmpty();
    }

    @Test
    void aBatchFixedAtOneFitsAndALargerOneIsRefused() {
        assertThat(ManifestFit.mismatches(graph(floats(1, 1, 2, 3)), MANIFEST)).isEmpty();
        assertThat(ManifestFit.mismatches(graph(floats(4, 1, 2, 3)), MANIFEST))
                .containsExactly("input: 'input' fixes the batch size at 4; only a dynamic batch or 1 can be served");
    }

    @Test
    void dynamicImageDimensionsFit() {
        assertThat(ManifestFit.mismatches(graph(floats(DYNAMIC, 1, DYNAMIC, DYNAMIC)), MANIFEST)).isEmpty();
    }

    @Test
    void anNhwcInputIsReadInTheManifestsLayout() {
        GraphSignature nhwc = graph(floats(DYNAMIC, 2, 3, 1));
        assertThat(ManifestFit.mismatches(nhwc, withLayout(TensorLayout.NHWC))).isEmpty();
        assertThat(ManifestFit.mismatches(nhwc, MANIFEST))
                .containsExactly("input: 'input' has shape [-1, 2, 3, 1] but the manifest describes NCHW [batch, 1, 2, 3]");
        assertThat(ManifestFit.mismatches(graph(floats(DYNAMIC, 1, 2, 3)), withLayout(TensorLayout.NHWC)))
                .containsExactly("input: 'input' has shape [-1, 1, 2, 3] but the manifest describes NHWC [batch, 2, 3, 1]");
    }

    @Test
    void refusesAnInputThatIsNotTheGraphsOnlyOne() {
        GraphSignature renamed = new GraphSignature(Map.of("image", floats(DYNAMIC, 1, 2, 3)), scores());
        assertThat(ManifestFit.mismatches(renamed, MANIFEST))
                .containsExactly("input: the manifest's input 'input' must be the graph's only input, the graph has [image]");
        Map<String, DeclaredTensor> two = new LinkedHashMap<>();
        two.put("input", floats(DYNAMIC, 1, 2, 3));
        two.put("mask", floats(DYNAMIC, 1));
        assertThat(ManifestFit.mismatches(new GraphSignature(two, scores()), MANIFEST))
                .containsExactly("input: the manifest's input 'input' must be the graph's only input, the graph has [input, mask]");
    }

    @Test
    void refusesAnInputThatIsNotFloat() {
        GraphSignature ints = graph(new DeclaredTensor(INT64, new long[] {DYNAMIC, 1, 2, 3}));
        assertThat(ManifestFit.mismatches(ints, MANIFEST)).containsExactly("input: 'input' must be a float tensor, is int64[-1, 1, 2, 3]");
    }

    @Test
    void refusesAnInputOfAnotherRankOrSize() {
        assertThat(ManifestFit.mismatches(graph(floats(DYNAMIC, 2, 3)), MANIFEST))
                .containsExactly("input: 'input' has shape [-1, 2, 3] but the manifest describes NCHW [batch, 1, 2, 3]");
        assertThat(ManifestFit.mismatches(graph(floats(DYNAMIC, 3, 2, 3)), MANIFEST))
                .containsExactly("input: 'input' has shape [-1, 3, 2, 3] but the manifest describes NCHW [batch, 1, 2, 3]");
    }

    @Test
    void refusesAMissingScoreOutputNamingTheManifestField() {
        GraphSignature logitsOnly = new GraphSignature(Map.of("input", floats(DYNAMIC, 1, 2, 3)), Map.of("logits", floats(DYNAMIC, 3)));
        assertThat(ManifestFit.mismatches(logitsOnly, MANIFEST))
                .containsExactly("outputs.probabilities: the graph has no output 'probabilities' (outputs: [logits])");
        ModelManifest logitsManifest = withOutputs(new ModelManifest.OutputNames("scores", null, null));
        assertThat(ManifestFit.mismatches(logitsOnly, logitsManifest))
                .containsExactly("outputs.logits: the graph has no output 'scores' (outputs: [logits])");
    }

    @Test
    void refusesAScoreOutputThatIsNotFloatOrHasAnotherClassCount() {
        Map<String, DeclaredTensor> tenClasses = Map.of("logits", floats(DYNAMIC, 10), "probabilities", floats(DYNAMIC, 10));
        assertThat(ManifestFit.mismatches(new GraphSignature(Map.of("input", floats(DYNAMIC, 1, 2, 3)), tenClasses), MANIFEST))
                .containsExactly("outputs.probabilities: 'probabilities' has shape [-1, 10] but the manifest has 3 labels");
        Map<String, DeclaredTensor> ints = Map.of("logits", floats(DYNAMIC, 3), "probabilities", new DeclaredTensor(INT64, new long[] {DYNAMIC, 3}));
        assertThat(ManifestFit.mismatches(new GraphSignature(Map.of("input", floats(DYNAMIC, 1, 2, 3)), ints), MANIFEST))
                .containsExactly("outputs.probabilities: 'probabilities' must be a float tensor, is int64[-1, 3]");
    }

    @Test
    void refusesNamedLogitsOrEmbeddingTheGraphLacks() {
        ModelManifest withEmbedding = withOutputs(new ModelManifest.OutputNames("logits", "probabilities", "embedding"));
        GraphSignature probabilitiesOnly = new GraphSignature(Map.of("input", floats(DYNAMIC, 1, 2, 3)), Map.of("probabilities", floats(DYNAMIC, 3)));
        assertThat(ManifestFit.mismatches(probabilitiesOnly, withEmbedding)).containsExactly(
                "outputs.logits: the graph has no output 'logits'", "outputs.embedding: the graph has no output 'embedding'");
        Map<String, DeclaredTensor> all = new LinkedHashMap<>(scores());
        all.put("embedding", floats(DYNAMIC, 8));
        assertThat(ManifestFit.mismatches(new GraphSignature(Map.of("input", floats(DYNAMIC, 1, 2, 3)), all), withEmbedding)).isEmpty();
    }

    @Test
    void reportsEveryMismatchAtOnce() {
        GraphSignature wrong = new GraphSignature(Map.of("input", floats(DYNAMIC, 3, 2, 3)), Map.of("logits", floats(DYNAMIC, 10)));
        assertThat(ManifestFit.mismatches(wrong, MANIFEST)).hasSize(2);
    }

    private static DeclaredTensor floats(long... shape) {
        return new DeclaredTensor(FLOAT, shape);
    }

    private static Map<String, DeclaredTensor> scores() {
        Map<String, DeclaredTensor> outputs = new LinkedHashMap<>();
        outputs.put("logits", floats(DYNAMIC, 3));
        outputs.put("probabilities", floats(DYNAMIC, 3));
        return outputs;
    }

    private static GraphSignature graph(DeclaredTensor input) {
        return new GraphSignature(Map.of("input", input), scores());
    }

    private static ModelManifest withLayout(TensorLayout layout) {
        return TinyClassifiers.manifest("m", ColourMode.GREY, LABELS, MANIFEST.outputs(), layout);
    }

    private static ModelManifest withOutputs(ModelManifest.OutputNames outputs) {
        return TinyClassifiers.manifest("m", ColourMode.GREY, LABELS, outputs, TensorLayout.NCHW);
    }
}
