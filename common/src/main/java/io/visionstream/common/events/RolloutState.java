package io.visionstream.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The routing of one model name, as kept on the compacted {@code model-rollouts} topic so every inference replica
 * converges on the same routing: the stable version, an optional weighted canary, an optional shadow, the stable
 * version before the last promotion (what a rollback returns to), the model's canary-gate policy override, the
 * versions rolled back (a replayed release of one is not canaried again), the gate's decision when the gate made
 * this change, and who changed it, when and why. Schema: {@code schemas/rollout-state.schema.json}.
 */
public record RolloutState(int schemaVersion, String model, Integer stable, Canary canary, Integer shadow,
                           Integer previousStable, RolloutPolicy policy, List<Integer> rolledBack, GateDecision decision,
                           Instant changedAt, String changedBy, String reason) {

    public static final int SCHEMA_VERSION = 1;

    public RolloutState {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(changedAt, "changedAt");
        requirePositive("stable", stable);
        requirePositive("shadow", shadow);
        requirePositive("previousStable", previousStable);
        rolledBack = rolledBack == null ? List.of() : List.copyOf(new TreeSet<>(rolledBack));
        if (canary != null && stable == null) {
            throw new IllegalArgumentException("a canary needs a stable version to share traffic with");
        }
        if (canary != null && canary.version() == stable) {
            throw new IllegalArgumentException("canary version " + canary.version() + " is already the stable version");
        }
    }

    /** A first state with routing only; the caller adds who/why/when with {@link #changed}. */
    public static RolloutState of(String model, Integer stable, Canary canary, Integer shadow, Integer previousStable) {
        return new RolloutState(SCHEMA_VERSION, model, stable, canary, shadow, previousStable, null, null, null, Instant.EPOCH, null, null);
    }

    /** This state with another routing, keeping the policy and the rolled-back versions. */
    public RolloutState routed(Integer stable, Canary canary, Integer shadow, Integer previousStable) {
        return new RolloutState(SCHEMA_VERSION, model, stable, canary, shadow, previousStable, policy, rolledBack, null, changedAt, changedBy, reason);
    }

    /** This state with another policy override (null = the service defaults). */
    public RolloutState withPolicy(RolloutPolicy override) {
        return new RolloutState(SCHEMA_VERSION, model, stable, canary, shadow, previousStable, override, rolledBack, null, changedAt, changedBy, reason);
    }

    /** This state, remembering that {@code version} was rolled back. */
    public RolloutState withRolledBack(int version) {
        List<Integer> versions = new java.util.ArrayList<>(rolledBack);
        versions.add(version);
        return new RolloutState(SCHEMA_VERSION, model, stable, canary, shadow, previousStable, policy, versions, null, changedAt, changedBy, reason);
    }

    /** This state, no longer remembering {@code version} as rolled back (an operator canaries it again). */
    public RolloutState withoutRolledBack(int version) {
        List<Integer> versions = rolledBack.stream().filter(v -> v != version).toList();
        return new RolloutState(SCHEMA_VERSION, model, stable, canary, shadow, previousStable, policy, versions, null, changedAt, changedBy, reason);
    }

    /** This routing, attributed to {@code by} at {@code at} for {@code why}. */
    public RolloutState changed(Instant at, String by, String why) {
        return new RolloutState(SCHEMA_VERSION, model, stable, canary, shadow, previousStable, policy, rolledBack, null, at, by, why);
    }

    /** This routing, decided by the canary gate with its evidence. */
    public RolloutState decided(Instant at, String by, GateDecision gateDecision) {
        return new RolloutState(SCHEMA_VERSION, model, stable, canary, shadow, previousStable, policy, rolledBack, gateDecision, at, by,
                gateDecision.summary());
    }

    /** Whether {@code version} was rolled back and must not return as a canary by itself. */
    public boolean wasRolledBack(int version) {
        return rolledBack.contains(version);
    }

    /** A canary version and the share of traffic (0-100 %) it receives. */
    public record Canary(int version, int weightPercent) {
        public Canary {
            if (version < 1) {
                throw new IllegalArgumentException("canary version must be >= 1, was " + version);
            }
            if (weightPercent < 0 || weightPercent > 100) {
                throw new IllegalArgumentException("canary weightPercent must be within 0-100, was " + weightPercent);
            }
        }
    }

    private static void requirePositive(String field, Integer version) {
        if (version != null && version < 1) {
            throw new IllegalArgumentException(field + " version must be >= 1, was " + version);
        }
    }
}
