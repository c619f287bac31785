package io.visionstream.inference.drift;

import io.quarkus.runtime.ShutdownEvent;
import io.visionstream.common.drift.DriftCheck;
import io.visionstream.common.drift.DriftReference;
import io.visionstream.common.drift.DriftReferenceFiles;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.scoring.EmbeddingListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Drift of every loaded version, measured from its own scoring runs: when a version is loaded it is attached here,
 * and if it can be scored (drift enabled, a readable reference calibrated for the configured window size, an
 * embedding output in the manifest) its session is opened to return embeddings and its batcher feeds a
 * {@link VersionDrift}; otherwise the reason is kept for the API. Scores are the gauge
 * {@code visionstream_drift_score{model,version}} (NaN until the first full window) and {@link #report}.
 */
@ApplicationScoped
public class DriftMonitor {

    private static final Logger LOG = Logger.getLogger(DriftMonitor.class);

    private final InferenceConfig.Drift config;
    private final InferenceMetrics metrics;
    private final Iterable<? extends DriftListener> listeners;
    private final Map<ModelRef, VersionDrift> scored = new ConcurrentHashMap<>();
    private final Map<ModelRef, DriftReport.VersionReport> unscored = new ConcurrentHashMap<>();
    private final ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "drift-checks");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public DriftMonitor(InferenceConfig config, InferenceMetrics metrics, Instance<DriftListener> listeners) {
        this(config.drift(), metrics, listeners);
    }

    public DriftMonitor(InferenceConfig.Drift config, InferenceMetrics metrics, Iterable<? extends DriftListener> listeners) {
        this.config = config;
        this.metrics = metrics;
        this.listeners = listeners;
    }

    /** Attaches a version being loaded; returns where its embeddings go when it is scored for drift. */
    public Optional<EmbeddingListener> attach(ModelVersion version) {
        ModelRef ref = version.manifest().ref();
        if (!config.enabled()) {
            return unscored(ref, DriftStatus.DISABLED, "visionstream.inference.drift.enabled=false");
        }
        Optional<DriftReference> reference;
        try {
            reference = DriftReferenceFiles.read(version.directory());
        } catch (IOException e) {
            LOG.warnf("%s: no drift score, its drift reference is unreadable: %s", ref, e.getMessage());
            return unscored(ref, DriftStatus.UNREADABLE_REFERENCE, e.getMessage());
        }
        if (reference.isEmpty()) {
            return unscored(ref, DriftStatus.NO_REFERENCE, "the version has no " + DriftReferenceFiles.FILE);
        }
        if (version.manifest().outputs().embedding() == null) {
            return unscored(ref, DriftStatus.NO_EMBEDDING_OUTPUT, "the manifest names no embedding output");
        }
        if (reference.get().threshold(config.windowSize()).isEmpty()) {
            return unscored(ref, DriftStatus.UNCALIBRATED_WINDOW, "the reference is calibrated for windows of " + reference.get().windowSizes()
                    + ", visionstream.inference.drift.window-size is " + config.windowSize());
        }
        VersionDrift drift = new VersionDrift(ref, reference.get(), new DriftCheck(reference.get(), config.windowSize()), config.checkEvery(), checks,
                this::tellListeners);
        scored.put(ref, drift);
        metrics.driftScore(ref, drift::score);
        return Optional.of(drift);
    }

    /** Forgets a version that was retired or failed to load. */
    public void detach(ModelRef ref) {
        unscored.remove(ref);
        if (scored.remove(ref) != null) {
            metrics.driftRetired(ref);
        }
    }

    /** The drift of every attached version of {@code model}, by version. */
    public DriftReport report(String model) {
        List<DriftReport.VersionReport> versions = Stream.concat(
                        scored.values().stream().filter(d -> d.ref().name().equals(model)).map(VersionDrift::report),
                        unscored.entrySet().stream().filter(e -> e.getKey().name().equals(model)).map(Map.Entry::getValue))
                .sorted(Comparator.comparingInt(DriftReport.VersionReport::version)).toList();
        return new DriftReport(model, versions);
    }

    private void tellListeners(ModelRef version, double score) {
        for (DriftListener listener : listeners) {
            try {
                listener.checked(version, score);
            } catch (RuntimeException e) {
                LOG.warnf(e, "a drift listener failed on %s", version);
            }
        }
    }

    private Optional<EmbeddingListener> unscored(ModelRef ref, DriftStatus status, String reason) {
        unscored.put(ref, DriftReport.VersionReport.unavailable(ref.version(), status, reason));
        return Optional.empty();
    }

    void stopOnShutdown(@Observes ShutdownEvent stop) {
        checks.shutdownNow();
    }
}
