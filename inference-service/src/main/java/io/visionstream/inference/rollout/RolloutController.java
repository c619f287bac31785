package io.visionstream.inference.rollout;

import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.RolloutPolicy;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.KafkaHeaders;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.models.LoadOutcome;
import io.visionstream.inference.models.VersionPool;
import io.visionstream.inference.kafka.AcknowledgedSend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Decides rollout changes and publishes them to {@code model-rollouts} (key = model name), from where every replica,
 * this one included, applies them: the release policy for new versions, the operator's changes (canary weight,
 * shadow, gate policy, promote, rollback) and the canary gate's decisions. Every version a change names is loaded and checked here first,
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
    /** The last state published per model and where it lies on the topic, guarded by this controller's lock. */
    private final Map<String, LoggedState> published = new HashMap<>();

    @Inject
    public RolloutController(RolloutTable table, VersionPool pool, InferenceConfig config, @Channel(CHANNEL) Emitter<String> rollouts) {
        this.table = table;
        this.pool = pool;
        this.policy = config.rollout();
        this.rollouts = rollouts;
    }

    /**
     * Applies the release policy to a verified, loaded new version; returns the published state, if any. A version
     * the rollout already names, one older than a version it names, or one rolled back before (a replayed release)
     * changes nothing.
     */
    public synchronized Optional<RolloutState> onRelease(ModelManifest release) {
        String name = release.name();
        int version = release.version();
        table.markKnown(name);
        RolloutState current = latest(name).filter(s -> !RolloutTable.STARTUP_ACTOR.equals(s.changedBy())).orElse(null);
        if (current != null && (refersTo(current, version) || namesLaterVersion(current, version))) {
            return Optional.empty();
        }
        if (current != null && current.wasRolledBack(version)) {
            LOG.infof("release %s/%d was rolled back before; it returns only if an operator canaries it again", name, version);
            return Optional.empty();
        }
        String mode = policy.onRelease().trim().toLowerCase(Locale.ROOT);
        RolloutState next;
        if (current == null || current.stable() == null) {
            RolloutState base = current == null ? RolloutState.of(name, version, null, null, null) : current.routed(version, null, null, null);
            next = base.changed(clock.instant(), "release-policy", "first release becomes stable");
        } else if (mode.equals("stable")) {
            next = current.routed(version, null, current.shadow(), current.stable())
                    .changed(clock.instant(), "release-policy", "new release replaces stable (policy 'stable')");
        } else if (mode.equals("canary")) {
            next = current.routed(current.stable(), new RolloutState.Canary(version, policy.canaryWeightPercent()), current.shadow(),
                    current.previousStable()).changed(clock.instant(), "release-policy", "new release starts as canary at " + policy.canaryWeightPercent() + "%");
        } else {
            LOG.infof("release %s/%d waits for an operator (policy 'manual')", name, version);
            return Optional.empty();
        }
        return Optional.of(publishQuietly(next));
    }

    /**
     * Applies an operator's change to the current state under this controller's lock: only the fields the change
     * names are touched, so concurrent operators never overwrite each other's fields.
     */
    public synchronized RolloutState change(String name, RolloutChange change, String by) throws RolloutRejectedException {
        RolloutState current = requireState(name);
        RolloutState.Canary canary = current.canary();
        if (change.canarySet()) {
            canary = change.canary() == null ? null : canaryFrom(current, change.canary());
        }
        Integer shadow = change.shadowSet() ? change.shadow() : current.shadow();
        if (shadow != null && !shadow.equals(current.shadow())) {
            requireLoadable(name, shadow);
        }
        RolloutState next = current.routed(current.stable(), canary, shadow, current.previousStable());
        if (canary != null && current.wasRolledBack(canary.version())) {
            next = next.withoutRolledBack(canary.version());
        }
        if (change.policySet()) {
            next = next.withPolicy(change.policy() == null ? null : change.policy().over(current.policy() == null ? RolloutPolicy.none() : current.policy()));
        }
        return publish(next.changed(clock.instant(), by, change.reason() == null ? "rollout changed: " + change.describe() : change.reason()));
    }

    private RolloutState.Canary canaryFrom(RolloutState current, RolloutChange.CanaryChange requested) throws RolloutRejectedException {
        Integer version = requested.version() != null ? requested.version() : current.canary() == null ? null : current.canary().version();
        if (version == null) {
            throw new RolloutRejectedException(RolloutRejectedException.Reason.INVALID_VERSION, "canary.version is required: model " + current.model() + " has no canary");
        }
        boolean sameCanary = current.canary() != null && current.canary().version() == version;
        int weight = requested.weightPercent() != null ? requested.weightPercent()
                : sameCanary ? current.canary().weightPercent() : policy.canaryWeightPercent();
        if (weight < 0 || weight > 100) {
            throw new RolloutRejectedException(RolloutRejectedException.Reason.INVALID_WEIGHT, "canary weightPercent must be within 0-100, was " + weight);
        }
        if (version.equals(current.stable())) {
            throw new RolloutRejectedException(RolloutRejectedException.Reason.INVALID_VERSION, "version " + version + " is already stable");
        }
        if (!sameCanary) {
            requireLoadable(current.model(), version);
        }
        return new RolloutState.Canary(version, weight);
    }

    /** Makes the canary the stable version; the old stable is remembered for a rollback. */
    public synchronized RolloutState promote(String name, String by, String why) throws RolloutRejectedException {
        RolloutState current = requireState(name);
        if (current.canary() == null) {
            throw new RolloutRejectedException(RolloutRejectedException.Reason.NO_CANARY, "model " + name + " has no canary to promote");
        }
        return publish(promoted(current).changed(clock.instant(), by, why == null ? "canary v" + current.canary().version() + " promoted" : why));
    }

    /** Drops the canary; without a canary, returns to the stable version before the last promotion. */
    public synchronized RolloutState rollback(String name, String by, String why) throws RolloutRejectedException {
        RolloutState current = requireState(name);
        if (current.canary() != null) {
            return publish(rolledBack(current).changed(clock.instant(), by,
                    why == null ? "canary v" + current.canary().version() + " rolled back" : why));
        }
        if (current.previousStable() == null) {
            throw new RolloutRejectedException(RolloutRejectedException.Reason.NOTHING_TO_ROLL_BACK, "model " + name + " has no canary and no previous stable version");
        }
        requireLoadable(name, current.previousStable());
        return publish(current.routed(current.previousStable(), null, current.shadow(), null).withRolledBack(current.stable())
                .changed(clock.instant(), by, why == null ? "stable returned to v" + current.previousStable() : why));
    }

    /**
     * Carries out the canary gate's decision if {@code canaryVersion} is still the canary: promotes it when not worse,
     * rolls it back otherwise; the state carries the decision and its evidence.
     *
     * @throws RolloutRejectedException when Kafka did not acknowledge the change (the gate tries again)
     */
    public synchronized void decide(String name, int canaryVersion, GateDecision decision) throws RolloutRejectedException {
        Optional<RolloutState> current = latest(name).filter(s -> s.canary() != null && s.canary().version() == canaryVersion);
        if (current.isEmpty()) {
            return;
        }
        boolean promote = decision.verdict() == GateDecision.Verdict.NOT_WORSE;
        LOG.infof("canary gate %s %s canary v%d: %s", promote ? "promotes" : "rolls back", name, canaryVersion, decision.summary());
        RolloutState next = promote ? promoted(current.get()) : rolledBack(current.get());
        publish(next.decided(clock.instant(), CanaryMonitor.ACTOR, decision));
    }

    /** The canary becomes stable; a shadow of that same version is dropped (it would only repeat stable). */
    private static RolloutState promoted(RolloutState current) {
        int version = current.canary().version();
        Integer shadow = Integer.valueOf(version).equals(current.shadow()) ? null : current.shadow();
        return current.routed(version, null, shadow, current.stable());
    }

    /** The canary is dropped and remembered, so a replayed release does not bring it back. */
    private static RolloutState rolledBack(RolloutState current) {
        return current.routed(current.stable(), null, current.shadow(), current.previousStable()).withRolledBack(current.canary().version());
    }

    /**
     * The state a change builds on: the later on the topic of the routing applied here and the last state this
     * controller published. Publishing returns once Kafka acknowledges, before this replica has read the state back, so
     * an operator's next call (or the gate's) must not build on the older routing. Later means a higher offset of the
     * topic's partition, never a later clock: replicas' clocks need not agree.
     */
    private Optional<RolloutState> latest(String name) {
        Optional<RolloutState> applied = table.state(name);
        LoggedState own = published.get(name);
        if (own == null) {
            return applied;
        }
        return table.loggedAt(name).filter(at -> at.follows(own.at())).flatMap(at -> applied).or(() -> Optional.of(own.state()));
    }

    /** A state this controller published and where it lies. */
    private record LoggedState(RolloutState state, RolloutTable.LogPosition at) {
    }

    private RolloutState requireState(String name) throws RolloutRejectedException {
        return latest(name).orElseThrow(() -> new RolloutRejectedException(RolloutRejectedException.Reason.UNKNOWN_MODEL, "model " + name + " has no rollout here"));
    }

    private void requireLoadable(String name, int version) throws RolloutRejectedException {
        LoadOutcome outcome = pool.load(new ModelRef(name, version));
        if (!outcome.loaded()) {
            throw new RolloutRejectedException(RolloutRejectedException.Reason.UNKNOWN_VERSION, name + " v" + version + " cannot be served: " + outcome.detail());
        }
    }

    /** Versions only grow: a release older than one the state names is a replay, never news. */
    private static boolean namesLaterVersion(RolloutState state, int version) {
        return state.stable() != null && state.stable() > version || state.canary() != null && state.canary().version() > version
                || state.shadow() != null && state.shadow() > version || state.previousStable() != null && state.previousStable() > version
                || state.rolledBack() != null && state.rolledBack().stream().anyMatch(v -> v > version);
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
        CompletableFuture<RecordMetadata> acknowledged = AcknowledgedSend.sendLocated(rollouts, Json.toJson(state), state.model(), headers);
        try {
            RecordMetadata at = acknowledged.get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (at == null) {
                LOG.warnf("the broker did not report where the rollout state of %s lies; the next change builds on the state read back",
                        state.model());
            }
            published.put(state.model(), new LoggedState(state, at == null ? RolloutTable.LogPosition.UNKNOWN
                    : new RolloutTable.LogPosition(at.partition(), at.offset())));
            return state;
        } catch (ExecutionException | TimeoutException e) {
            throw new RolloutRejectedException(RolloutRejectedException.Reason.KAFKA_UNAVAILABLE, "the rollout change was not acknowledged by Kafka: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RolloutRejectedException(RolloutRejectedException.Reason.KAFKA_UNAVAILABLE, "interrupted while publishing the rollout change");
        }
    }
}
