package io.visionstream.inference.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.visionstream.common.image.DecodedImage;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.TensorBatch;
import io.visionstream.common.preprocess.TensorLayout;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.common.registry.RegistryException;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.inference.metrics.InferenceMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Classifiers exported elsewhere, in real ONNX Runtime sessions: logits only, NHWC input, a batch fixed at 1. */
class ExportedModelsTest {

    private static final List<String> LABELS = List.of("a", "b", "c", "d", "e");
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();
    private static final ModelManifest.OutputNames BOTH = new ModelManifest.OutputNames("logits", "probabilities", null);

    @TempDir
    Path root;

    private static SessionSettings settings(int maxBatch) {
        return new SessionSettings(ExecutionProvider.CPU, 0, Optional.empty(), 1, false, 1, OrtSession.SessionOptions.OptLevel.ALL_OPT,
                new BatchingRule(maxBatch, Long.MAX_VALUE, Duration.ZERO, Map.of()));
    }

    @Test
    void aLogitsOnlyModelServesTheSoftmaxOfItsLogits() throws Exception {
        byte[] logitsOnly = TinyClassifiers.logitsOnlyColumnClassifier(3, LABELS.size());
        ModelVersion version = publish("logits", logitsOnly, new ModelManifest.OutputNames("logits", null, null), TensorLayout.NCHW);
        List<float[]> inputs = randomInputs(version, 6);

        try (ModelSession session = ModelSession.open(ORT, version, settings(8), false);
             OrtSession raw = ORT.createSession(logitsOnly)) {
            float[][] served = session.scoreAll(inputs);
            for (int i = 0; i < inputs.size(); i++) {
                float[] logits = rawLogits(raw, inputs.get(i));
                double max = Double.NEGATIVE_INFINITY;
                for (float v : logits) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (float v : logits) {
                    sum += Math.exp(v - max);
                }
                for (int k = 0; k < logits.length; k++) {
                    assertThat((double) served[i][k]).isCloseTo(Math.exp(logits[k] - max) / sum, within(1e-6));
                }
            }
        }
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        float[] logits = {1000f, 999f, -1000f};
        Softmax.inPlace(logits);
        assertThat(logits[0] + logits[1] + logits[2]).isCloseTo(1f, within(1e-6f));
        assertThat((double) logits[0]).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-6));
        assertThat(logits[2]).isEqualTo(0f);
    }

    @Test
    void aRunCarriesTheGraphsLogitsWhenTheManifestNamesThem() throws Exception {
        byte[] both = TinyClassifiers.columnClassifier(3, LABELS.size());
        byte[] logitsOnly = TinyClassifiers.logitsOnlyColumnClassifier(3, LABELS.size());
        ModelVersion withBoth = publish("both", both, BOTH, TensorLayout.NCHW);
        ModelVersion withLogitsOnly = publish("logits-only", logitsOnly, new ModelManifest.OutputNames("logits", null, null), TensorLayout.NCHW);
        ModelVersion withProbabilitiesOnly = publish("probabilities-only", both, new ModelManifest.OutputNames(null, "probabilities", null),
                TensorLayout.NCHW);
        List<float[]> inputs = randomInputs(withBoth, 4);

        for (ModelVersion version : List.of(withBoth, withLogitsOnly)) {
            try (ModelSession session = ModelSession.open(ORT, version, settings(8), false);
                 OrtSession raw = ORT.createSession(version == withBoth ? both : logitsOnly)) {
                BatchScores scores = session.score(filled(session, inputs));
                for (int i = 0; i < inputs.size(); i++) {
                    float[] expected = rawLogits(raw, inputs.get(i));
                    assertThat(scores.logitsOf(i)).as("%s image %d", version.manifest().ref(), i).containsExactly(expected, within(1e-6f));
                    float[] softmax = expected.clone();
                    Softmax.inPlace(softmax);
                    assertThat(scores.probabilities()[i]).containsExactly(softmax, within(1e-6f));
                }
            }
        }
        try (ModelSession session = ModelSession.open(ORT, withProbabilitiesOnly, settings(8), false)) {
            BatchScores scores = session.score(filled(session, inputs));
            assertThat(scores.logits()).isNull();
            assertThat(scores.logitsOf(0)).isNull();
        }
    }

    @Test
    void anNhwcModelAnswersLikeItsNchwTwin() throws Exception {
        ModelVersion nchw = publish("nchw", TinyClassifiers.columnClassifier(3, LABELS.size()), BOTH, TensorLayout.NCHW);
        ModelVersion nhwc = publish("nhwc", TinyClassifiers.nhwcColumnClassifier(3, LABELS.size()), BOTH, TensorLayout.NHWC);
        Random random = new Random(7);
        try (ModelSession a = ModelSession.open(ORT, nchw, settings(8), false); ModelSession b = ModelSession.open(ORT, nhwc, settings(8), false)) {
            TensorBatch batchA = a.newBatch();
            TensorBatch batchB = b.newBatch();
            List<float[]> preprocessed = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] pixels = new byte[3 * TinyClassifiers.HEIGHT * LABELS.size()];
                random.nextBytes(pixels);
                DecodedImage image = new DecodedImage(LABELS.size(), TinyClassifiers.HEIGHT, 3, pixels, "raw");
                batchA.put(i, image);
                batchB.put(i, image);
                preprocessed.add(b.preprocessor().apply(image));
            }
            assertThat(batchB.shape()).containsExactly(6, TinyClassifiers.HEIGHT, LABELS.size(), 3);
            float[][] expected = a.score(batchA).probabilities();
            float[][] fromImages = b.score(batchB).probabilities();
            float[][] fromPreprocessed = b.scoreAll(preprocessed);
            for (int i = 0; i < expected.length; i++) {
                for (int k = 0; k < LABELS.size(); k++) {
                    assertThat(fromImages[i][k]).isCloseTo(expected[i][k], within(1e-6f));
                    assertThat(fromPreprocessed[i][k]).isCloseTo(expected[i][k], within(1e-6f));
                }
            }
        }
    }

    @Test
    void aModelWithItsBatchFixedAtOneIsScoredOneImageAtATime() throws Exception {
        ModelVersion version = publish("single", TinyClassifiers.fixedBatchOneColumnClassifier(1, LABELS.size()), BOTH, TensorLayout.NCHW,
                ColourMode.GREY);
        ModelSession session = ModelSession.open(ORT, version, settings(8), false);
        assertThat(session.maxBatchSize()).isEqualTo(1);
        MicroBatcher batcher = new MicroBatcher(session, Duration.ofMillis(50), new InferenceMetrics(new SimpleMeterRegistry()), (m, s, f) -> { }, (e, p) -> { });
        try {
            List<CompletableFuture<Scored>> flood = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                flood.add(batcher.submit(session.preprocessor().apply(hotColumn(i % LABELS.size()))));
            }
            for (int i = 0; i < 20; i++) {
                Scored scored = flood.get(i).get(10, TimeUnit.SECONDS);
                assertThat(scored.batchSize()).isEqualTo(1);
                assertThat(Scored.top1(scored.probabilities())).isEqualTo(i % LABELS.size());
            }
        } finally {
            batcher.close(); // closes the session too
        }
    }

    @Test
    void aGraphWhoseLayoutOrScoreOutputDiffersFromItsManifestIsRefused() {
        ModelVersion wrongLayout = publish("wrong-layout", TinyClassifiers.nhwcColumnClassifier(3, LABELS.size()), BOTH, TensorLayout.NCHW);
        assertThatThrownBy(() -> ModelSession.open(ORT, wrongLayout, settings(4), false)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("the manifest describes NCHW [batch, 3, 2, 5]");
        ModelVersion missingProbabilities = publish("no-probabilities", TinyClassifiers.logitsOnlyColumnClassifier(3, LABELS.size()), BOTH,
                TensorLayout.NCHW);
        assertThatThrownBy(() -> ModelSession.open(ORT, missingProbabilities, settings(4), false)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("the graph has no output 'probabilities'");
    }

    @Test
    void aStoredManifestNamingNeitherOutputIsRefusedAtLoad() throws Exception {
        ModelRegistry registry = new ModelRegistry(root);
        ModelVersion version = publish("neither", TinyClassifiers.columnClassifier(3, LABELS.size()), BOTH, TensorLayout.NCHW);
        Path manifest = version.directory().resolve(ModelManifest.FILE_NAME);
        assertThat(manifest.toFile().setWritable(true)).isTrue();
        Files.writeString(manifest, Files.readString(manifest).replace("\"outputs\":{\"logits\":\"logits\",\"probabilities\":\"probabilities\"}",
                "\"outputs\":{}"));

        assertThatThrownBy(() -> registry.get("neither", 1)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("outputs must name 'probabilities', 'logits' or both");
    }

    private ModelVersion publish(String name, byte[] onnx, ModelManifest.OutputNames outputs, TensorLayout layout) {
        return publish(name, onnx, outputs, layout, ColourMode.RGB);
    }

    private ModelVersion publish(String name, byte[] onnx, ModelManifest.OutputNames outputs, TensorLayout layout, ColourMode colour) {
        return new ModelRegistry(root).publish(TinyClassifiers.manifest(name, colour, LABELS, outputs, layout),
                dir -> Files.write(dir.resolve("model.onnx"), onnx));
    }

    private static List<float[]> randomInputs(ModelVersion version, int count) {
        Random random = new Random(3);
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] input = new float[version.manifest().preprocess().floatsPerImage()];
            for (int j = 0; j < input.length; j++) {
                input[j] = random.nextFloat() * 4 - 2;
            }
            inputs.add(input);
        }
        return inputs;
    }

    private static TensorBatch filled(ModelSession session, List<float[]> inputs) {
        TensorBatch batch = session.newBatch();
        for (int i = 0; i < inputs.size(); i++) {
            batch.put(i, inputs.get(i));
        }
        return batch;
    }

    private static float[] rawLogits(OrtSession raw, float[] input) throws Exception {
        try (OnnxTensor tensor = OnnxTensor.createTensor(ORT, FloatBuffer.wrap(input), new long[] {1, 3, TinyClassifiers.HEIGHT, LABELS.size()});
             OrtSession.Result result = raw.run(Map.of("input", tensor))) {
            return ((float[][]) result.get(0).getValue())[0];
        }
    }

    private static DecodedImage hotColumn(int column) {
        byte[] pixels = new byte[TinyClassifiers.HEIGHT * LABELS.size()];
        for (int y = 0; y < TinyClassifiers.HEIGHT; y++) {
            pixels[y * LABELS.size() + column] = (byte) 255;
        }
        return new DecodedImage(LABELS.size(), TinyClassifiers.HEIGHT, 1, pixels, "raw");
    }
}
