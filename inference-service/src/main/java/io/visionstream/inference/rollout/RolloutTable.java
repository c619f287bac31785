package io.visionstream.inference.rollout;

import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.RegistryException;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.models.LoadOutcome;
import io.visionstream.inference.models.VersionPool;
import io.visionstream.inference.scoring.MicroBatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routing of every model on this replica, built from {@link RolloutState}s. Applying a state first loads and
 * warms the versions it names, then swaps the model's {@link Routing} atomically (images already queued finish on
 * the version they were queued on), then retires versions nothing routes to. A version that cannot be loaded is
 * not routed to: a failing stable keeps the previous routing, a failing canary or shadow is left out, and the
 * outcome says why. A model no rollout state names is served from the registry's newest loadable version, once the
 * replica has read the fleet's state ({@link RolloutCatchUp}).
 */
@ApplicationScoped
public class RolloutTable {

    private static final Logger LOG = Logger.getLogger(RolloutTable.class);
    static final String STARTUP_ACTOR = "inference-startup";

    private final VersionPool pool;
    private final ModelRegistry registry;
    private final InferenceMetrics metrics;
    private final Map<String, Routing> routes = new ConcurrentHashMap<>();
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    /** Whether {@link #fleetStateRead()} was called: before, a routing may be one the fleet has moved past. */
    private volatile boolean fleetStateRead;
    /** Where the applied state of each model lies on {@code model-rollouts}. */
    private final Map<String, LogPosition> positions = new ConcurrentHashMap<>();
    /** Models a rollout state from {@code model-rollouts} has named. */
    private final Set<String> named = ConcurrentHashMap.newKeySet();

    @Inject
    public RolloutTable(VersionPool pool, ModelRegistry registry, InferenceMetrics metrics) {
        this.pool = pool;
        this.registry = registry;
        this.metrics = metrics;
    }

    /** What applying a state did. */
    public record ApplyOutcome(boolean applied, String detail) {
    }

    /**
     * Where a state lies on {@code model-rollouts}: all of a model's states lie on one partition (the key is the model
     * name), so the higher offset is the later state, whatever the clocks of the replicas that wrote them.
     */
    public record LogPosition(int partition, long offset) {

        /** A state whose position the broker did not report. */
        static final LogPosition UNKNOWN = new LogPosition(-1, -1);

        /** Whether this position comes after {@code other}; any known position follows an unknown one. */
        boolean follows(LogPosition other) {
            return other.equals(UNKNOWN) || partition == other.partition && offset > other.offset;
        }
    }

    /**
     * Called once {@code model-rollouts} has been read to its end offsets at start ({@link RolloutCatchUp}): serves the
     * newest loadable registry version as stable for each registry model no rollout state has named (the fleet's state
     * always wins), and from now on hands out routings to score with.
     *
     * @return the models served from the registry
     */
    List<String> fleetStateRead() {
        List<String> served = serveRegistryWhereUnnamed();
        synchronized (this) {
            fleetStateRead = true;
            notifyAll();
        }
        return served;
    }

    private List<String> serveRegistryWhereUnnamed() {
        List<String> served = new java.util.ArrayList<>();
        for (String name : registry.models()) {
            known.add(name);
            if (named.contains(name)) {
                continue;
            }
            List<Integer> versions = registry.versions(name);
            for (int i = versions.size() - 1; i >= 0; i--) {
                RolloutState implicit = RolloutState.of(name, versions.get(i), null, null, null)
                        .changed(Instant.now(), STARTUP_ACTOR, "newest loadable version in the registry");
                if (apply(implicit).applied()) {
                    served.add(name + " v" + versions.get(i));
                    break;
                }
            }
        }
        return served;
    }

    /** Installs {@code state}, read at {@code at} on {@code model-rollouts}; remembers where it lies when applied. */
    public synchronized ApplyOutcome apply(RolloutState state, LogPosition at) {
        ApplyOutcome outcome = apply(state);
        if (outcome.applied()) {
            positions.put(state.model(), at);
        }
        return outcome;
    }

    /** Where the state applied for {@code name} lies on {@code model-rollouts}; empty when none from the topic was. */
    Optional<LogPosition> loggedAt(String name) {
        return Optional.ofNullable(positions.get(name));
    }

    /** Installs {@code state} for its model (see class comment); thread-safe, applied one at a time. */
    public synchronized ApplyOutcome apply(RolloutState state) {
        String name = state.model();
        known.add(name);
        if (!STARTUP_ACTOR.equals(state.changedBy())) {
            named.add(name);
        }
        Routing current = routes.get(name);
        if (current != null && STARTUP_ACTOR.equals(state.changedBy()) && !STARTUP_ACTOR.equals(current.state().changedBy())) {
            return new ApplyOutcome(false, "a rollout state is already applied");
        }
        if (state.stable() == null) {
            return new ApplyOutcome(false, "no stable version");
        }
        StringBuilder detail = new StringBuilder();
        MicroBatcher stable = loaded(name, state.stable(), "stable", detail);
        if (stable == null) {
            return new ApplyOutcome(false, detail.toString());
        }
        MicroBatcher canary = state.canary() == null ? null : loaded(name, state.canary().version(), "canary", detail);
        MicroBatcher shadow = state.shadow() == null ? null : loaded(name, state.shadow(), "shadow", detail);
        Routing routing = new Routing(state, stable, canary, canary == null ? 0 : state.canary().weightPercent(), shadow);
        routes.put(name, routing);
        metrics.rollout(state);
        notifyAll();
        Set<ModelRef> inUse = new HashSet<>();
        inUse.add(stable.model().ref());
        if (canary != null) {
            inUse.add(canary.model().ref());
        }
        if (shadow != null) {
            inUse.add(shadow.model().ref());
        }
        pool.retireAllBut(name, inUse);
        LOG.infof("routing of %s: stable v%d%s%s (%s by %s)%s", name, state.stable(),
                canary == null ? "" : ", canary v" + state.canary().version() + " at " + state.canary().weightPercent() + "%",
                shadow == null ? "" : ", shadow v" + state.shadow(), state.reason(), state.changedBy(),
                detail.length() == 0 ? "" : "; " + detail);
        return new ApplyOutcome(true, detail.length() == 0 ? "applied" : detail.toString());
    }

    private MicroBatcher loaded(String name, int version, String role, StringBuilder detail) {
        ModelRef ref = new ModelRef(name, version);
        LoadOutcome outcome = pool.load(ref);
        if (!outcome.loaded()) {
            detail.append(role).append(" v").append(version).append(" not loaded: ").append(outcome.detail()).append(' ');
            return null;
        }
        return pool.get(ref).orElse(null);
    }

    /** Whether the model was ever seen (announced, routed or in the registry at start-up). */
    public boolean isKnown(String name) {
        return known.contains(name);
    }

    /** Marks a model as known, e.g. when its release was announced but not yet routed. */
    public void markKnown(String name) {
        known.add(name);
    }

    public Optional<Routing> routing(String name) {
        return Optional.ofNullable(routes.get(name));
    }

    public Optional<RolloutState> state(String name) {
        return routing(name).map(Routing::state);
    }

    /**
     * The routing to score {@code name} with, waiting up to {@code timeout} for the fleet's state to be read (a replica
     * replaying {@code model-rollouts} passes through states the fleet has left) and for a routing to be installed.
     */
    public Optional<Routing> await(String name, Duration timeout) throws InterruptedException {
        Routing routing = routes.get(name);
        return routing != null && fleetStateRead ? Optional.of(routing) : awaitInstalled(name, timeout);
    }

    private synchronized Optional<Routing> awaitInstalled(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Routing routing;
        while ((routing = routes.get(name)) == null || !fleetStateRead) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                return Optional.empty();
            }
            wait(remainingMillis);
        }
        return Optional.of(routing);
    }

    public Set<String> routedNames() {
        return Set.copyOf(routes.keySet());
    }
}
