package io.visionstream.common.events;

import java.time.Instant;
import java.util.Objects;

/**
 * The routing of one model name, as kept on the compacted {@code model-rollouts} topic so every inference replica
 * converges on the same routing: the stable version, an optional weighted canary, an optional shadow, the stable
 * version before the last promotion (what a rollback returns to), and who changed it, when and why. Schema: {@code schemas/rollout-state.schema.json}.
 */
public record RolloutState(int schemaVersion, String model, Integer stable, Canary canary, Integer shadow,
                           Integer previousStable, Instant changedAt, String changedBy, String reason) {

    public static final int SCHEMA_VERSION = 1;

    public RolloutState {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(changedAt, "changedAt");
        requirePositive("stable", stable);
        requirePositive("shadow", shadow);
        requirePositive("previousStable", previousStable);
        if (canary != null && stable == null) {
            throw new IllegalArgumentException("a canary needs a stable version to share traffic with");
        }
        if (canary != null && canary.version() == stable) {
            throw new IllegalArgumentException("canary version " + canary.version() + " is already the stable version");
        }
    }

    /** A state with routing only; the caller adds who/why/when with {@link #changed}. */
    public static RolloutState of(String model, Integer stable, Canary canary, Integer shadow, Integer previousStable) {
        return new RolloutState(SCHEMA_VERSION, model, stable, canary, shadow, previousStable, Instant.EPOCH, null, null);
    }

    /** This routing, attributed to {@code by} at {@code at} for {@code why}. */
    public RolloutState changed(Instant at, String by, String why) {
        return new RolloutState(SCHEMA_VERSION, model, stable, canary, shadow, previousStable, at, by, why);
    }

    /** Whether two states route the same way (ignoring who/when/why). */
    public boolean sameRouting(RolloutState other) {
        return other != null && java.util.Objects.equals(stable, other.stable) && java.util.Objects.equals(canary, other.canary)
                && java.util.Objects.equals(shadow, other.shadow) && java.util.Objects.equals(previousStable, other.previousStable);
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
