package io.visionstream.inference.rollout;

import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.KafkaHeaders;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.models.LoadOutcome;
import io.visionstream.inference.models.VersionPool;
import io.visionstream.inference.stream.AcknowledgedSend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Decides rollout changes and publishes them to {@code model-rollouts} (key = model name), from where every replica,
 * this one included, applies them: the release policy for new versions, the operator's changes (canary weight,
 * shadow, promote, rollback) and automatic rollbacks. Every version a change names is loaded and checked here first,
 * so a corrupt or ill-fitting version is refused before any replica routes to it.
 */
@ApplicationScoped
public class RolloutController {

    /** Channel name, shared with configuration. */
    public static final String CHANNEL = "model-rollouts-out";
    private static final Logger LOG = Logger.getLogger(RolloutController.class);
    private static final long PUBLISH_TIMEOUT_SECONDS = 30;

    private final RolloutTable table;
    private final VersionPool pool;
    private final InferenceConfig.Rollout policy;
    private final Emitter<String> rollouts;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public RolloutController(RolloutTable table, VersionPool pool, InferenceConfig config, @Channel(CHANNEL) Emitter<String> rollouts) {
        this.table = table;
        this.pool = pool;
        this.policy = config.rollout();
        this.rollouts = rollouts;
    }

    /** Applies the release policy to a verified, loaded new version; returns the published state, if any. */
    public synchronized Optional<RolloutState> onRelease(ModelManifest release) {
        String name = release.name();
        int version = release.version();
        table.markKnown(name);
        RolloutState current = table.state(name).filter(s -> !RolloutTable.STARTUP_ACTOR.equals(s.changedBy())).orElse(null);
        if (current != null && (refersTo(current, version) || current.stable() != null && current.stable() > version)) {
            return Optional.empty();
        }
        String mode = policy.onRelease().trim().toLowerCase(Locale.ROOT);
        RolloutState next;
        if (current == null || current.stable() == null) {
            next = RolloutState.of(name, version, null, null, null).changed(clock.instant(), "release-policy", "first release becomes stable");
        } else if (mode.equals("stable")) {
            next = RolloutState.of(name, version, null, current.shadow(), current.stable())
                    .changed(clock.instant(), "release-policy", "new release replaces stable (policy 'stable')");
        } else if (mode.equals("canary")) {
            next = RolloutState.of(name, current.stable(), new RolloutState.Canary(version, policy.canaryWeightPercent()), current.shadow(),
                    current.previousStable()).changed(clock.instant(), "release-policy", "new release starts as canary at " + policy.canaryWeightPercent() + "%");
        } else {
            LOG.infof("release %s/%d waits for an operator (policy 'manual')", name, version);
            return Optional.empty();
        }
        return Optional.of(publishQuietly(next));
    }

    /** Sets the canary (version + weight, or none) and the shadow (or none). */
    public synchronized RolloutState update(String name, Integer canaryVersion, Integer canaryWeight, Integer shadow, String by, String why)
            throws RolloutRejectedException {
        RolloutState current = requireState(name);
        RolloutState.Canary canary = null;
        if (canaryVersion != null) {
            int weight = canaryWeight == null ? policy.canaryWeightPercent() : canaryWeight;
            if (weight < 0 || weight > 100) {
                throw new RolloutRejectedException("INVALID_WEIGHT", "canary weightPercent must be within 0-100, was " + weight);
            }
            if (canaryVersion.equals(current.stable())) {
                throw new RolloutRejectedException("INVALID_VERSION", "version " + canaryVersion + " is already stable");
            }
            requireLoadable(name, canaryVersion);
            canary = new RolloutState.Canary(canaryVersion, weight);
        } else if (canaryWeight != null) {
            throw new RolloutRejectedException("INVALID_VERSION", "a canary weight needs a canary version");
        }
        if (shadow != null) {
            requireLoadable(name, shadow);
        }
        return publish(RolloutState.of(name, current.stable(), canary, shadow, current.previousStable()).changed(clock.instant(), by, why));
    }

    /** Makes the canary the stable version; the old stable is remembered for a rollback. */
    public synchronized RolloutState promote(String name, String by, String why) throws RolloutRejectedException {
        RolloutState current = requireState(name);
        if (current.canary() == null) {
            throw new RolloutRejectedException("NO_CANARY", "model " + name + " has no canary to promote");
        }
        return publish(RolloutState.of(name, current.canary().version(), null, current.shadow(), current.stable())
                .changed(clock.instant(), by, why == null ? "canary v" + current.canary().version() + " promoted" : why));
    }

    /** Drops the canary; without a canary, returns to the stable version before the last promotion. */
    public synchronized RolloutState rollback(String name, String by, String why) throws RolloutRejectedException {
        RolloutState current = requireState(name);
        if (current.canary() != null) {
            return publish(RolloutState.of(name, current.stable(), null, current.shadow(), current.previousStable())
                    .changed(clock.instant(), by, why == null ? "canary v" + current.canary().version() + " rolled back" : why));
        }
        if (current.previousStable() == null) {
            throw new RolloutRejectedException("NOTHING_TO_ROLL_BACK", "model " + name + " has no canary and no previous stable version");
        }
        requireLoadable(name, current.previousStable());
        return publish(RolloutState.of(name, current.previousStable(), null, current.shadow(), null)
                .changed(clock.instant(), by, why == null ? "stable returned to v" + current.previousStable() : why));
    }

    /** Rolls the canary back if it is still {@code canaryVersion}; called by the canary monitor with its verdict. */
    public synchronized void autoRollback(String name, int canaryVersion, String verdict) {
        table.state(name).filter(s -> s.canary() != null && s.canary().version() == canaryVersion).ifPresent(current -> {
            LOG.warnf("automatic rollback of %s canary v%d: %s", name, canaryVersion, verdict);
            publishQuietly(RolloutState.of(name, current.stable(), null, current.shadow(), current.previousStable())
                    .changed(clock.instant(), "auto-rollback", verdict));
        });
    }

    private RolloutState requireState(String name) throws RolloutRejectedException {
        return table.state(name).orElseThrow(() -> new RolloutRejectedException("UNKNOWN_MODEL", "model " + name + " has no rollout here"));
    }

    private void requireLoadable(String name, int version) throws RolloutRejectedException {
        LoadOutcome outcome = pool.load(new ModelRef(name, version));
        if (!outcome.loaded()) {
            throw new RolloutRejectedException("UNKNOWN_VERSION", name + " v" + version + " cannot be served: " + outcome.detail());
        }
    }

    private static boolean refersTo(RolloutState state, int version) {
        return Integer.valueOf(version).equals(state.stable()) || Integer.valueOf(version).equals(state.shadow())
                || state.canary() != null && state.canary().version() == version;
    }

    private RolloutState publishQuietly(RolloutState state) {
        try {
            return publish(state);
        } catch (RolloutRejectedException e) {
            LOG.errorf("rollout change of %s not published: %s", state.model(), e.getMessage());
            return state;
        }
    }

    /** Produces the state and waits for the broker's acknowledgement. */
    private RolloutState publish(RolloutState state) throws RolloutRejectedException {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.CONTENT_TYPE, "application/json".getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> acknowledged = AcknowledgedSend.send(rollouts, Json.toJson(state), state.model(), headers);
        try {
            acknowledged.get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return state;
        } catch (ExecutionException | TimeoutException e) {
            throw new RolloutRejectedException("KAFKA_UNAVAILABLE", "the rollout change was not acknowledged by Kafka: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RolloutRejectedException("KAFKA_UNAVAILABLE", "interrupted while publishing the rollout change");
        }
    }
}
