package io.visionstream.inference.drift;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.scoring.BatchingRule;
import io.visionstream.inference.scoring.EmbeddingListener;
import io.visionstream.inference.scoring.ExecutionProvider;
import io.visionstream.inference.scoring.MicroBatcher;
import io.visionstream.inference.scoring.ModelSession;
import io.visionstream.inference.scoring.Scored;
import io.visionstream.inference.scoring.SessionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift measured from real ONNX Runtime runs of {@link DriftFixtures}' model: live images go through its batcher,
 * whose runs return the embeddings with the probabilities. The score stays below 1 on images like the validation ones
 * and rises above 1 when the stream turns to their inversions (dark column over bright noise).
 */
class DriftMonitorTest {

    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();
    private static final int WINDOW = 250;

    @TempDir
    Path root;

    private record DriftConfig(boolean enabled, int windowSize, int checkEvery) implements InferenceConfig.Drift {
    }

    @Test
    void theScoreStaysLowOnAnUndriftedStreamAndRisesOnADriftedOne() throws Exception {
        ModelVersion version = DriftFixtures.publish(new ModelRegistry(root), "digits");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InferenceMetrics metrics = new InferenceMetrics(meters);
        DriftMonitor monitor = new DriftMonitor(new DriftConfig(true, WINDOW, 50), metrics, java.util.List.of());
        Optional<EmbeddingListener> listener = monitor.attach(version);
        assertThat(listener).isPresent();
        ModelSession session = ModelSession.open(ORT, version, settings(), true);
        MicroBatcher batcher = new MicroBatcher(session, Duration.ofMillis(5), metrics, (m, s, f) -> { }, listener.get());
        Preprocessor preprocessor = session.preprocessor();
        Random random = new Random(42);
        try {
            assertThat(session.returnsEmbeddings()).isTrue();
            assertThat(monitor.report("digits").versions().get(0).status()).isEqualTo(DriftStatus.FILLING);

            stream(batcher, preprocessor, random, 600, false);
            DriftReport.VersionReport undrifted = await(monitor, v -> v.imagesSeen() == 600 && v.checks() > 0);

            assertThat(undrifted.status()).isEqualTo(DriftStatus.SCORED);
            assertThat(undrifted.windowFill()).isEqualTo(WINDOW);
            assertThat(undrifted.referenceSamples()).isEqualTo(500);
            assertThat(undrifted.score()).as("undrifted: %s", undrifted).isLessThan(1.0);
            assertThat(undrifted.classShift().score()).isLessThan(1.0);
            assertThat(gauge(meters)).isEqualTo(undrifted.score());

            stream(batcher, preprocessor, random, 600, true);
            DriftReport.VersionReport drifted = await(monitor, v -> v.imagesSeen() == 1200 && v.score() != null && v.score() > 1);

            assertThat(drifted.score()).as("inverted: %s", drifted).isGreaterThan(3.0);
            System.out.printf("DRIFT tiny classifier: undrifted score %.2f, inverted %.1f%n", undrifted.score(), drifted.score());
        } finally {
            batcher.close();
        }
        monitor.detach(version.manifest().ref());
        assertThat(meters.find("visionstream.drift.score").gauge()).isNull();
    }

    @Test
    void versionsWithoutAReferenceOrWithAnUncalibratedWindowHaveNoScoreAndFetchNoEmbedding() throws Exception {
        ModelRegistry registry = new ModelRegistry(root);
        byte[] onnx = TinyClassifiers.embeddingColumnClassifier(1, 10);
        ModelVersion bare = registry.publish(DriftFixtures.manifest("digits"), dir -> Files.write(dir.resolve("model.onnx"), onnx));
        ModelVersion calibrated = DriftFixtures.publish(registry, "digits");
        DriftMonitor monitor = new DriftMonitor(new DriftConfig(true, 300, 50), new InferenceMetrics(new SimpleMeterRegistry()), java.util.List.of());

        assertThat(monitor.attach(bare)).isEmpty();
        assertThat(monitor.attach(calibrated)).isEmpty();

        DriftReport report = monitor.report("digits");
        assertThat(report.versions()).extracting(DriftReport.VersionReport::status).containsExactly(DriftStatus.NO_REFERENCE, DriftStatus.UNCALIBRATED_WINDOW);
        assertThat(report.versions().get(1).reason()).contains("[100, 250, 500]").contains("window-size is 300");
        try (ModelSession session = ModelSession.open(ORT, bare, settings(), false)) {
            assertThat(session.returnsEmbeddings()).isFalse();
        }
    }

    private static void stream(MicroBatcher batcher, Preprocessor preprocessor, Random random, int count, boolean inverted) throws Exception {
        List<CompletableFuture<Scored>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(batcher.submit(preprocessor.apply(DriftFixtures.image(random, random.nextInt(10), inverted))));
        }
        for (CompletableFuture<Scored> answer : answers) {
            answer.get(10, TimeUnit.SECONDS);
        }
    }

    private static DriftReport.VersionReport await(DriftMonitor monitor, Predicate<DriftReport.VersionReport> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        DriftReport.VersionReport current = monitor.report("digits").versions().get(0);
        while (!done.test(current) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            current = monitor.report("digits").versions().get(0);
        }
        assertThat(done.test(current)).as("drift reached the expected state: %s", current).isTrue();
        return current;
    }

    private static double gauge(SimpleMeterRegistry meters) {
        return meters.get("visionstream.drift.score").tag("model", "digits").tag("version", "1").gauge().value();
    }

    private static SessionSettings settings() {
        return new SessionSettings(ExecutionProvider.CPU, 0, Optional.empty(), 1, false, 1, OrtSession.SessionOptions.OptLevel.ALL_OPT,
                new BatchingRule(32, Long.MAX_VALUE, Duration.ZERO, Map.of()));
    }
}
