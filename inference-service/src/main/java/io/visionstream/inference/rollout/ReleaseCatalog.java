package io.visionstream.inference.rollout;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.common.registry.RegistryException;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.models.LoadOutcome;
import io.visionstream.inference.models.VersionPool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows the compacted {@code model-releases} topic (from the beginning, on every replica) and checks each
 * announced version against the registry before anything may serve it: the manifest must parse, the version must
 * exist and its {@code model.onnx} must match the recorded sha256, and the registry's manifest must equal the
 * announced one; then it is loaded, which refuses a graph that does not fit its manifest. A version that passes goes,
 * once this replica has read the fleet's rollout state ({@link RolloutCatchUp}), to the {@link RolloutController}'s
 * release policy (stable, canary, or wait for an operator). Refusals are kept with their reason and counted, never
 * thrown: one bad release must not stop the stream of releases.
 */
@ApplicationScoped
public class ReleaseCatalog {

    /** Channel name, shared with configuration. */
    public static final String CHANNEL = "model-releases";
    private static final Logger LOG = Logger.getLogger(ReleaseCatalog.class);

    private final ModelRegistry registry;
    private final VersionPool pool;
    private final RolloutController controller;
    private final RolloutCatchUp catchUp;
    private final InferenceMetrics metrics;
    private final Clock clock;
    private final Map<String, Map<Integer, ReleaseStatus>> releases = new ConcurrentHashMap<>();

    @Inject
    public ReleaseCatalog(ModelRegistry registry, VersionPool pool, RolloutController controller, RolloutCatchUp catchUp, InferenceMetrics metrics) {
        this.registry = registry;
        this.pool = pool;
        this.controller = controller;
        this.catchUp = catchUp;
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onRelease(Message<byte[]> message) {
        String origin = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset()).orElse("unknown offset");
        byte[] payload = message.getPayload();
        if (payload == null) {
            LOG.debugf("tombstone on %s ignored", origin);
            return message.ack();
        }
        ModelManifest manifest;
        try {
            manifest = Json.fromBytes(payload, ModelManifest.class);
        } catch (IllegalArgumentException e) {
            count("malformed");
            LOG.warnf("release at %s ignored, not a valid manifest: %s (payload starts '%s')", origin, e.getMessage(), preview(payload));
            return message.ack();
        }
        ReleaseStatus status = check(manifest);
        record(status);
        if (status.state() == ReleaseStatus.State.AVAILABLE) {
            try {
                catchUp.await(); // a release is judged against the fleet's state, never before it is read
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return message.nack(e);
            }
            controller.onRelease(manifest);
        }
        return message.ack();
    }

    /** Every release this replica has seen, by model name then version. */
    public List<ReleaseStatus> all() {
        return releases.values().stream().flatMap(byVersion -> byVersion.values().stream())
                .sorted(Comparator.comparing(ReleaseStatus::model).thenComparingInt(ReleaseStatus::version)).toList();
    }

    /** The releases of one model this replica has seen. */
    public List<ReleaseStatus> of(String model) {
        return all().stream().filter(status -> status.model().equals(model)).toList();
    }

    public Optional<ReleaseStatus> find(String model, int version) {
        return Optional.ofNullable(releases.getOrDefault(model, Map.of()).get(version));
    }

    private ReleaseStatus check(ModelManifest announced) {
        String ref = announced.name() + "/" + announced.version();
        try {
            ModelVersion stored = registry.get(announced.name(), announced.version());
            if (!stored.manifest().equals(announced)) {
                return refused(announced, "the announced manifest differs from the registry's manifest.json for " + ref);
            }
            LoadOutcome outcome = pool.load(stored);
            if (!outcome.loaded()) {
                return refused(announced, outcome.detail());
            }
            return new ReleaseStatus(announced.name(), announced.version(), ReleaseStatus.State.AVAILABLE,
                    "verified sha256 " + announced.onnx().sha256() + "; " + outcome.detail(), clock.instant(), announced);
        } catch (RegistryException e) {
            return refused(announced, e.reason() + ": " + e.getMessage());
        }
    }

    private ReleaseStatus refused(ModelManifest announced, String reason) {
        return new ReleaseStatus(announced.name(), announced.version(), ReleaseStatus.State.REFUSED, reason, clock.instant(), announced);
    }

    private void record(ReleaseStatus status) {
        releases.computeIfAbsent(status.model(), m -> new ConcurrentHashMap<>()).put(status.version(), status);
        count(status.state().name().toLowerCase(java.util.Locale.ROOT));
        if (status.state() == ReleaseStatus.State.AVAILABLE) {
            LOG.infof("release %s/%d available (%s)", status.model(), status.version(), status.detail());
        } else {
            LOG.warnf("release %s/%d refused: %s", status.model(), status.version(), status.detail());
        }
    }

    private void count(String outcome) {
        metrics.release(outcome);
    }

    private static String preview(byte[] payload) {
        String text = new String(payload, 0, Math.min(payload.length, 60), StandardCharsets.UTF_8);
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
