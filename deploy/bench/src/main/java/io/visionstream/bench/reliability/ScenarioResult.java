package io.visionstream.bench.reliability;

import io.visionstream.local.load.PoisonPayloads;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scenario's ledger, by image key: sent (acknowledged by the broker), predicted, dead-lettered, lost (neither -
 * must be 0), duplicates (outputs beyond the first, which at-least-once delivery allows), and misrouted (a good
 * image dead-lettered or a bad one predicted - must be 0), how many disruptions the scenario really caused, what the
 * health watch saw (liveness, consumer lag), OutOfMemoryErrors in the service's logs (must be 0) and the scenario's own
 * violations (must be none).
 */
record ScenarioResult(String scenario, String delivery, int sent, int predicted, int deadLettered, int lost, int duplicates, int misrouted,
                      int sendFailures, int disruptions, String disruption, double seconds, HealthWatch.Stats health, int outOfMemoryErrors,
                      List<String> violations) {

    static ScenarioResult of(String scenario, String delivery, Set<String> sent, Map<String, PoisonPayloads.Poison> poisons, OutcomeCollector outcomes,
                             int sendFailures, Disruption disruption, double seconds, HealthWatch.Stats health, int outOfMemoryErrors,
                             List<String> violations) {
        int predicted = 0;
        int deadLettered = 0;
        int lost = 0;
        int duplicates = 0;
        int misrouted = 0;
        for (String key : sent) {
            int p = outcomes.predictions(key);
            int d = outcomes.deadLetters(key);
            predicted += p > 0 ? 1 : 0;
            deadLettered += d > 0 ? 1 : 0;
            lost += p + d == 0 ? 1 : 0;
            duplicates += Math.max(0, p + d - 1);
            boolean poison = poisons.containsKey(key);
            misrouted += (poison && p > 0) || (!poison && d > 0) ? 1 : 0;
        }
        return new ScenarioResult(scenario, delivery, sent.size(), predicted, deadLettered, lost, duplicates, misrouted, sendFailures,
                disruption.count(), disruption.what(), Math.round(seconds * 10) / 10.0, health, outOfMemoryErrors, List.copyOf(violations));
    }

    /** What a scenario did to the system while the stream ran, and how often. */
    record Disruption(int count, String what) {
    }

    boolean passed() {
        return lost == 0 && misrouted == 0 && sendFailures == 0 && outOfMemoryErrors == 0 && violations.isEmpty()
                && (duplicates == 0 || !delivery.equals(ReliabilitySuite.EXACTLY_ONCE));
    }
}
