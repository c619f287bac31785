package io.visionstream.inference.models;

import ai.onnxruntime.OrtEnvironment;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.common.registry.RegistryException;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.scoring.MicroBatcher;
import io.visionstream.inference.scoring.ModelLoadException;
import io.visionstream.inference.scoring.ModelSession;
import io.visionstream.inference.scoring.SessionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model versions this replica serves, one per model name (the newest verified one), each behind its own
 * {@link MicroBatcher}. A new version is opened, checked and warmed up before it replaces the old one; the old
 * batcher then finishes what it accepted and closes its session, so a swap loses no image and never uses a closed
 * session. On start-up the newest loadable version of every model in the registry is served.
 */
@ApplicationScoped
public class ServedModels {

    private static final Logger LOG = Logger.getLogger(ServedModels.class);

    private final ModelRegistry registry;
    private final InferenceConfig config;
    private final InferenceMetrics metrics;
    private final SessionSettings settings;
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final Map<String, MicroBatcher> active = new ConcurrentHashMap<>();
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    @Inject
    public ServedModels(ModelRegistry registry, InferenceConfig config, InferenceMetrics metrics) {
        this.registry = registry;
        this.config = config;
        this.metrics = metrics;
        this.settings = SessionSettings.from(config);
    }

    void loadRegistryOnStart(@Observes StartupEvent start) {
        for (String name : registry.models()) {
            known.add(name);
            List<Integer> versions = registry.versions(name);
            for (int i = versions.size() - 1; i >= 0; i--) {
                try {
                    if (offer(registry.get(name, versions.get(i))).state() == LoadOutcome.State.ACTIVATED) {
                        break;
                    }
                } catch (RegistryException e) {
                    LOG.warnf("registry version %s/%d skipped at start-up: %s", name, versions.get(i), e.getMessage());
                }
            }
        }
    }

    void closeOnShutdown(@Observes ShutdownEvent stop) {
        active.values().forEach(MicroBatcher::close);
        active.clear();
    }

    /** Serves {@code version} if it is newer than what serves its model now and it loads; thread-safe, one load at a time. */
    public synchronized LoadOutcome offer(ModelVersion version) {
        String name = version.manifest().name();
        int number = version.manifest().version();
        known.add(name);
        MicroBatcher current = active.get(name);
        if (current != null && current.model().ref().version() >= number) {
            return new LoadOutcome(LoadOutcome.State.SUPERSEDED, "version " + number + " is not newer than the served version "
                    + current.model().ref().version());
        }
        ModelSession session;
        try {
            session = ModelSession.open(environment, version, settings);
        } catch (ModelLoadException e) {
            metrics.modelLoad(version.manifest().ref(), "refused");
            LOG.warnf("not serving %s: %s", version.manifest().ref(), e.getMessage());
            return new LoadOutcome(LoadOutcome.State.REFUSED, e.getMessage());
        }
        MicroBatcher replaced = active.put(name, new MicroBatcher(session, config.batching().maxWait(), metrics));
        metrics.modelLoad(version.manifest().ref(), "loaded");
        metrics.serving(session.ref(), session.provider().wireName());
        LOG.infof("serving %s on %s (batch <= %d)%s", session.ref(), session.provider().wireName(), session.maxBatchSize(),
                replaced == null ? "" : ", replacing version " + replaced.model().ref().version());
        notifyAll();
        if (replaced != null) {
            replaced.close();
        }
        return new LoadOutcome(LoadOutcome.State.ACTIVATED, "serving on " + session.provider().wireName());
    }

    /** Whether this name was ever announced or found in the registry (it may not be servable yet). */
    public boolean isKnown(String name) {
        return known.contains(name);
    }

    public Optional<MicroBatcher> batcher(String name) {
        return Optional.ofNullable(active.get(name));
    }

    /** The batcher serving {@code name}, waiting up to {@code timeout} for one; empty if none came. */
    public Optional<MicroBatcher> await(String name, Duration timeout) throws InterruptedException {
        MicroBatcher serving = active.get(name);
        return serving != null ? Optional.of(serving) : awaitActivation(name, timeout);
    }

    private synchronized Optional<MicroBatcher> awaitActivation(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        MicroBatcher batcher;
        while ((batcher = active.get(name)) == null) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                return Optional.empty();
            }
            wait(remainingMillis);
        }
        return Optional.of(batcher);
    }

    /** Every served session, by model name. */
    public List<ModelSession> sessions() {
        return active.values().stream().map(MicroBatcher::model).sorted(Comparator.comparing(s -> s.ref().name())).toList();
    }

    public Set<String> servedNames() {
        return Set.copyOf(active.keySet());
    }
}
