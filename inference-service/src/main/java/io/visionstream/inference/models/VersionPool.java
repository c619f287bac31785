package io.visionstream.inference.models;

import ai.onnxruntime.OrtEnvironment;
import io.quarkus.runtime.ShutdownEvent;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.common.registry.RegistryException;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.drift.DriftMonitor;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.scoring.BatchListener;
import io.visionstream.inference.scoring.EmbeddingListener;
import io.visionstream.inference.scoring.MicroBatcher;
import io.visionstream.inference.scoring.ModelLoadException;
import io.visionstream.inference.scoring.ModelSession;
import io.visionstream.inference.scoring.SessionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model versions loaded on this replica, each opened, checked against its manifest and warmed up, behind its own
 * {@link MicroBatcher}. Several versions of one model coexist (stable, canary, shadow); a version that no routing
 * uses any more is retired: its batcher finishes what it accepted, then its session is closed. Each version is attached
 * to the {@link DriftMonitor}, which decides whether its runs also return embeddings.
 */
@ApplicationScoped
public class VersionPool {

    private static final Logger LOG = Logger.getLogger(VersionPool.class);

    private final ModelRegistry registry;
    private final InferenceConfig config;
    private final InferenceMetrics metrics;
    private final SessionSettings settings;
    private final BatchListener listener;
    private final DriftMonitor drift;
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final Map<ModelRef, MicroBatcher> loaded = new ConcurrentHashMap<>();

    @Inject
    public VersionPool(ModelRegistry registry, InferenceConfig config, InferenceMetrics metrics, BatchListener listener, DriftMonitor drift) {
        this.registry = registry;
        this.config = config;
        this.metrics = metrics;
        this.listener = listener;
        this.drift = drift;
        this.settings = SessionSettings.from(config);
    }

    /** Loads a version from the registry (verifying its sha256) unless it is loaded already. */
    public LoadOutcome load(ModelRef ref) {
        if (loaded.containsKey(ref)) {
            return LoadOutcome.loaded("already loaded");
        }
        try {
            return load(registry.get(ref.name(), ref.version()));
        } catch (RegistryException e) {
            metrics.modelLoad(ref, "refused");
            return LoadOutcome.refused(e.reason() + ": " + e.getMessage());
        }
    }

    /** Opens, checks and warms up a verified registry version; thread-safe, one load at a time. */
    public synchronized LoadOutcome load(ModelVersion version) {
        ModelRef ref = version.manifest().ref();
        if (loaded.containsKey(ref)) {
            return LoadOutcome.loaded("already loaded");
        }
        Optional<EmbeddingListener> embeddings = drift.attach(version);
        ModelSession session;
        try {
            session = ModelSession.open(environment, version, settings, embeddings.isPresent());
        } catch (ModelLoadException e) {
            drift.detach(ref);
            metrics.modelLoad(ref, "refused");
            LOG.warnf("cannot serve %s: %s", ref, e.getMessage());
            return LoadOutcome.refused(e.reason() + ": " + e.getMessage());
        }
        loaded.put(ref, new MicroBatcher(session, settings.batching().maxWait(ref.name()), metrics, listener, embeddings.orElse((e, p) -> { })));
        metrics.modelLoad(ref, "loaded");
        metrics.loaded(ref, session.provider().wireName());
        LOG.infof("loaded %s on %s (batch <= %d, wait <= %s)", ref, session.provider().wireName(), session.maxBatchSize(),
                settings.batching().maxWait(ref.name()));
        return LoadOutcome.loaded("loaded on " + session.provider().wireName());
    }

    public Optional<MicroBatcher> get(ModelRef ref) {
        return Optional.ofNullable(loaded.get(ref));
    }

    /** Closes every loaded version of {@code model} not in {@code keep}, after it has answered what it accepted. */
    public void retireAllBut(String model, Set<ModelRef> keep) {
        for (ModelRef ref : List.copyOf(loaded.keySet())) {
            if (ref.name().equals(model) && !keep.contains(ref)) {
                MicroBatcher retired = loaded.remove(ref);
                if (retired != null) {
                    retired.close();
                    drift.detach(ref);
                    metrics.retired(ref);
                    LOG.infof("retired %s", ref);
                }
            }
        }
    }

    /** Every loaded session, by model name then version. */
    public List<ModelSession> sessions() {
        return loaded.values().stream().map(MicroBatcher::model)
                .sorted(Comparator.comparing((ModelSession s) -> s.ref().name()).thenComparingInt(s -> s.ref().version())).toList();
    }

    void closeOnShutdown(@Observes ShutdownEvent stop) {
        loaded.values().forEach(MicroBatcher::close);
        loaded.clear();
    }
}
