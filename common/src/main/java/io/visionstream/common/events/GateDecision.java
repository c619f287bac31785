package io.visionstream.common.events;

import java.util.List;

/**
 * Why the canary gate changed a rollout: the verdict, the criterion that decided it (none when every criterion had
 * to agree, as for "not worse"), and the evidence of every criterion at that moment.
 */
public record GateDecision(Verdict verdict, GateCriterion criterion, String summary, List<GateEvidence> evidence) {

    public GateDecision {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** What the evidence says about the canary. */
    public enum Verdict {
        /** At least one criterion shows the canary worse than stable by more than the policy's margin. */
        WORSE,
        /** Every criterion shows the canary not worse than stable by the policy's margin. */
        NOT_WORSE,
        /** Neither within the policy's maximum canary duration. */
        INCONCLUSIVE
    }
}
