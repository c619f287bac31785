package io.visionstream.inference.scoring;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.visionstream.common.image.DecodeLimits;
import io.visionstream.common.image.ImageDecoder;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.TensorBatch;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.common.testing.TinyClassifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real ONNX Runtime sessions on small generated classifiers. */
class ModelSessionTest {

    private static final List<String> DIGITS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

    @TempDir
    Path root;

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    private static SessionSettings settings(ExecutionProvider provider, int maxBatch) {
        return new SessionSettings(provider, 0, Optional.empty(), 1, false, 1, OrtSession.SessionOptions.OptLevel.ALL_OPT,
                new BatchingRule(maxBatch, Long.MAX_VALUE, Duration.ZERO, Map.of()));
    }

    @Test
    void scoresABatchWithTheExpectedClasses() throws Exception {
        ModelVersion version = TinyClassifiers.publish(new ModelRegistry(root), "digits", ColourMode.GREY, DIGITS);

        try (ModelSession session = ModelSession.open(ORT, version, settings(ExecutionProvider.CPU, 8), false)) {
            TensorBatch batch = session.newBatch();
            for (int k = 0; k < 8; k++) {
                batch.put(k, decoder.decode(TinyClassifiers.pngWithHotColumn(10, k), "image/png"));
            }
            float[][] probabilities = session.score(batch).probabilities();

            assertThat(session.provider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(probabilities).hasNumberOfRows(8);
            for (int k = 0; k < 8; k++) {
                assertThat(argmax(probabilities[k])).as("image with column %d", k).isEqualTo(k);
                assertThat(probabilities[k][k]).isGreaterThan(0.99f);
            }
        }
    }

    @Test
    void cudaRequestedWithoutAGpuFallsBackToCpuAndSaysWhy() throws Exception {
        ModelVersion version = TinyClassifiers.publish(new ModelRegistry(root), "digits", ColourMode.GREY, DIGITS);

        try (ModelSession session = ModelSession.open(ORT, version, settings(ExecutionProvider.CUDA, 4), false)) {
            assertThat(session.provider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(session.providerNote()).startsWith("CUDA was requested but is unavailable, fell back to CPU");
        }
    }

    @Test
    void refusesAGraphThatDoesNotFitItsManifest() {
        ModelRegistry registry = new ModelRegistry(root);
        byte[] tenClasses = TinyClassifiers.columnClassifier(1, 10);
        ModelVersion lying = registry.publish(TinyClassifiers.manifest("liar", ColourMode.GREY, List.of("a", "b", "c")),
                dir -> Files.write(dir.resolve("model.onnx"), tenClasses));

        assertThatThrownBy(() -> ModelSession.open(ORT, lying, settings(ExecutionProvider.CPU, 4), false))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("liar/1: signature does not match the manifest")
                .hasMessageContaining("NCHW [batch, 1, 2, 3]");
    }

    @Test
    void aModelCanLoadAndWarmUpYetFailOnRealInput() throws Exception {
        byte[] failing = TinyClassifiers.columnClassifierFailingOnBrightInput(1, 10);
        ModelVersion version = new ModelRegistry(root).publish(TinyClassifiers.manifest("brittle", ColourMode.GREY, DIGITS),
                dir -> Files.write(dir.resolve("model.onnx"), failing));

        try (ModelSession session = ModelSession.open(ORT, version, settings(ExecutionProvider.CPU, 4), false)) {
            TensorBatch batch = session.newBatch();
            batch.put(0, decoder.decode(TinyClassifiers.pngWithHotColumn(10, 2), "image/png"));

            assertThatThrownBy(() -> session.score(batch)).isInstanceOf(ai.onnxruntime.OrtException.class)
                    .hasMessageContaining("out of");
        }
    }

    @Test
    void refusesBytesThatAreNotOnnx() {
        ModelVersion garbage = new ModelRegistry(root).publish(TinyClassifiers.manifest("garbage", ColourMode.GREY, DIGITS),
                dir -> Files.writeString(dir.resolve("model.onnx"), "not a model"));

        assertThatThrownBy(() -> ModelSession.open(ORT, garbage, settings(ExecutionProvider.CPU, 4), false))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.INVALID_MODEL))
                .hasMessageContaining("garbage/1: the file is not an ONNX model");
    }

    @Test
    void refusesAGraphWhoseTensorsAreStoredInAnotherFile() {
        byte[] external = TinyClassifiers.columnClassifierWithExternalWeights(1, 10, "../../../../etc/hostname");
        ModelVersion outside = new ModelRegistry(root).publish(TinyClassifiers.manifest("outside", ColourMode.GREY, DIGITS),
                dir -> Files.write(dir.resolve("model.onnx"), external));

        assertThatThrownBy(() -> ModelSession.open(ORT, outside, settings(ExecutionProvider.CPU, 4), false))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.EXTERNAL_DATA))
                .hasMessageContaining("outside/1: tensor 'W' keeps its data in an external file");
    }

    @Test
    void refusesAFileChangedAfterTheRegistryVerifiedIt() throws Exception {
        ModelRegistry registry = new ModelRegistry(root);
        TinyClassifiers.publish(registry, "digits", ColourMode.GREY, DIGITS);
        ModelVersion verified = registry.get("digits", 1);
        assertThat(verified.onnxFile().toFile().setWritable(true)).isTrue();
        Files.write(verified.onnxFile(), TinyClassifiers.shiftedColumnClassifier(1, 10));

        assertThatThrownBy(() -> ModelSession.open(ORT, verified, settings(ExecutionProvider.CPU, 4), false))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> assertThat(e.reason()).isEqualTo(ModelLoadException.Reason.INTEGRITY))
                .hasMessageContaining("digits/1: sha256 of model.onnx").hasMessageContaining("the file was altered");
    }

    @Test
    void batcherFillsBatchesUnderLoadAndAnswersATrickle() throws Exception {
        ModelVersion version = TinyClassifiers.publish(new ModelRegistry(root), "digits", ColourMode.GREY, DIGITS);
        ModelSession session = ModelSession.open(ORT, version, settings(ExecutionProvider.CPU, 4), false);
        MicroBatcher batcher = new MicroBatcher(session, Duration.ofMillis(200), new InferenceMetrics(new SimpleMeterRegistry()), (model, size, failed) -> { }, (e, p) -> { });
        try {
            List<CompletableFuture<Scored>> flood = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                flood.add(batcher.submit(session.preprocessor().apply(decoder.decode(TinyClassifiers.pngWithHotColumn(10, i), null))));
            }
            for (int i = 0; i < 10; i++) {
                Scored scored = flood.get(i).get(10, TimeUnit.SECONDS);
                assertThat(argmax(scored.probabilities())).isEqualTo(i);
                assertThat(scored.batchSize()).isBetween(1, 4);
                assertThat(scored.model().version()).isEqualTo(1);
            }
            assertThat(flood.stream().map(CompletableFuture::join).mapToInt(Scored::batchSize).max().orElseThrow()).isEqualTo(4);

            Scored single = batcher.submit(session.preprocessor().apply(decoder.decode(TinyClassifiers.pngWithHotColumn(10, 3), null)))
                    .get(10, TimeUnit.SECONDS);
            assertThat(single.batchSize()).isEqualTo(1);
            assertThat(single.queueMs()).isGreaterThanOrEqualTo(150.0); // waited for companions up to max-wait
        } finally {
            batcher.close();
        }
        assertThat(batcher.submit(new float[20])).as("a closed batcher accepts nothing").isNull();
    }

    @Test
    void closingFinishesEveryAcceptedImage() throws Exception {
        ModelVersion version = TinyClassifiers.publish(new ModelRegistry(root), "digits", ColourMode.GREY, DIGITS);
        ModelSession session = ModelSession.open(ORT, version, settings(ExecutionProvider.CPU, 2), false);
        MicroBatcher batcher = new MicroBatcher(session, Duration.ofSeconds(5), new InferenceMetrics(new SimpleMeterRegistry()), (model, size, failed) -> { }, (e, p) -> { });
        List<CompletableFuture<Scored>> accepted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            accepted.add(batcher.submit(session.preprocessor().apply(decoder.decode(TinyClassifiers.pngWithHotColumn(10, i), null))));
        }

        batcher.close();

        for (int i = 0; i < 5; i++) {
            assertThat(accepted.get(i)).isCompleted();
            assertThat(argmax(accepted.get(i).join().probabilities())).isEqualTo(i);
        }
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
