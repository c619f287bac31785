package io.visionstream.inference.rollout;

import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.GateEvidence;
import io.visionstream.common.events.RolloutPolicy;

import java.time.Instant;
import java.util.List;

/**
 * The live evidence about a model's current canary on this replica: what is judged against what, under which policy
 * (service defaults under the model's override), since when, each criterion's evidence, and a "not worse" verdict the
 * policy holds for an operator ({@code onHealthy: hold}), if any.
 */
public record CanaryAnalysis(String model, int canary, int stable, int weightPercent, Instant since, RolloutPolicy policy,
                             GateDecision holding, List<GateEvidence> evidence) {
}
