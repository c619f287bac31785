package io.visionstream.bench.reliability;

import io.visionstream.common.events.RolloutState;
import io.visionstream.common.json.Json;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What happens to the system while a scenario's stream runs. Each returns what it really did (how many kills,
 * restarts, rollout changes), so a run that disrupted nothing can be told apart from one that survived.
 */
enum Scenario {

    /** kill -9 of the inference service, evenly spread over the stream, restarted each time. */
    KILL_INFERENCE("kill -9 inference", 0) {
        @Override
        ScenarioResult.Disruption disrupt(ReliabilityStack stack, Settings settings) throws IOException, InterruptedException {
            long gapMillis = settings.streamDuration().toMillis() / (settings.kills() + 1);
            for (int i = 0; i < settings.kills(); i++) {
                Thread.sleep(gapMillis);
                stack.killAndRestartInference();
            }
            return new ScenarioResult.Disruption(settings.kills(), "inference service killed (SIGKILL) and restarted");
        }
    },

    /** The broker stopped and started again with its data, a third into the stream. */
    RESTART_BROKER("broker restart", 0) {
        @Override
        ScenarioResult.Disruption disrupt(ReliabilityStack stack, Settings settings) throws IOException, InterruptedException {
            Thread.sleep(settings.streamDuration().toMillis() / 3);
            stack.restartBroker();
            return new ScenarioResult.Disruption(1, "broker stopped and restarted");
        }
    },

    /**
     * Canary, promote and rollback in a loop through the rollout API for the whole stream. The canary gate would
     * promote a healthy canary by itself (on-healthy=promote by default), so the scenario first sets the model's gate
     * policy to hold: only the scenario promotes. The gate may still roll a canary back (judged worse); a promote or
     * rollback that then finds no canary is skipped, and the gate's own changes are counted apart.
     */
    SWAP_VERSIONS("version swaps", 0) {
        @Override
        ScenarioResult.Disruption disrupt(ReliabilityStack stack, Settings settings) throws IOException, InterruptedException {
            long end = System.nanoTime() + settings.streamDuration().toNanos();
            String path = "/api/models/" + ReliabilityStack.MODEL;
            // Merge semantics: this names only the policy (only onHealthy within it); canary and shadow are kept. The
            // override stays on the model for the rest of the stack's life.
            expectOk(stack.inference().call("PUT", path + "/rollout", stack.adminToken(),
                    "{\"policy\":{\"onHealthy\":\"hold\"},\"reason\":\"reliability: only the scenario promotes\"}"));
            int changes = 0;
            int skipped = 0;
            Set<Instant> gateChanges = new HashSet<>();
            while (System.nanoTime() < end) {
                RolloutState state = Json.fromJson(expectOk(stack.inference().call("GET", path + "/rollout", null, null)), RolloutState.class);
                if (GATE_ACTOR.equals(state.changedBy())) {
                    gateChanges.add(state.changedAt());
                }
                boolean changed;
                if (state.canary() == null) {
                    // Names only the canary, so the shadow and the policy are kept. A version rolled back before may be
                    // canaried again by such an explicit change (which clears its rolled-back mark).
                    int other = state.stable() == 1 ? 2 : 1;
                    expectOk(stack.inference().call("PUT", path + "/rollout", stack.adminToken(),
                            "{\"canary\":{\"version\":" + other + ",\"weightPercent\":50},\"reason\":\"reliability: canary\"}"));
                    changed = true;
                } else if (changes % 3 == 1) {
                    changed = okUnlessCanaryGone(stack.inference().call("POST", path + "/promote?reason=reliability", stack.adminToken(), null));
                } else {
                    changed = okUnlessCanaryGone(stack.inference().call("POST", path + "/rollback?reason=reliability", stack.adminToken(), null));
                }
                if (changed) {
                    changes++;
                } else {
                    skipped++;
                }
                Thread.sleep(SWAP_INTERVAL.toMillis());
            }
            String what = "rollout changes (canary 50 %, promote, rollback; gate on hold)";
            if (skipped > 0 || !gateChanges.isEmpty()) {
                what += "; the canary gate changed it " + gateChanges.size() + "x, " + skipped + " promote/rollback skipped (canary gone)";
            }
            return new ScenarioResult.Disruption(changes, what);
        }
    },

    /** Every 5th event is a bad payload (corrupt, empty, oversized, bomb, wrong type, unknown model...). */
    POISON_MIX("poison mix", 5) {
        @Override
        ScenarioResult.Disruption disrupt(ReliabilityStack stack, Settings settings) {
            return new ScenarioResult.Disruption(settings.images() / 5, "bad payloads interleaved with good images");
        }

        @Override
        List<String> violations(HealthWatch.Stats health) {
            return health.livenessViolations();
        }
    },

    /**
     * A 224 px model offered three times what it can score (measured just before) as 640x480 camera JPEGs: the load is
     * the disruption. Memory must stay bounded (no OutOfMemoryError), liveness UP throughout, the consumer lag must
     * grow and then drain, and nothing may be lost.
     */
    OVERLOAD("overload 3x, 224 px", 0) {
        @Override
        ScenarioResult.Disruption disrupt(ReliabilityStack stack, Settings settings) {
            return new ScenarioResult.Disruption(1, String.format("%,d camera JPEGs offered at %.0f/s, %.1fx the measured capacity",
                    settings.images(), settings.images() / (double) settings.streamDuration().toSeconds(), OVERLOAD_FACTOR));
        }

        @Override
        List<String> violations(HealthWatch.Stats health) {
            List<String> found = new ArrayList<>(health.livenessViolations());
            if (health.peakLag() == 0) {
                found.add("the consumer lag never grew: the load did not exceed capacity");
            }
            if (health.lastLag() > 0) {
                found.add("the lag did not drain: " + health.lastLag() + " records left");
            }
            return found;
        }
    };

    /** How far beyond its measured capacity the overload scenario drives the service. */
    static final double OVERLOAD_FACTOR = 3.0;

    private static final Duration SWAP_INTERVAL = Duration.ofMillis(300);
    /** Who the inference service names as the author of the canary gate's own changes. */
    private static final String GATE_ACTOR = "canary-gate";

    /** The stream a scenario runs against: its length and size, and how many kills the kill scenario does. */
    record Settings(Duration streamDuration, int images, int kills) {
    }

    private final String title;
    private final int poisonEvery;

    Scenario(String title, int poisonEvery) {
        this.title = title;
        this.poisonEvery = poisonEvery;
    }

    String title() {
        return title;
    }

    /** Every n-th event is a bad payload; 0 = only good images. */
    int poisonEvery() {
        return poisonEvery;
    }

    /** Disturbs the system while the stream runs; returns what it did. */
    abstract ScenarioResult.Disruption disrupt(ReliabilityStack stack, Settings settings) throws IOException, InterruptedException;

    /**
     * What the health watch saw that fails this scenario. None by default: killing the service or the broker takes
     * liveness down on purpose; load and bad input must not.
     */
    List<String> violations(HealthWatch.Stats health) {
        return List.of();
    }

    /**
     * True when the change was made; false when it was refused because the model has no canary any more (the canary
     * gate rolled it back between the scenario's read and its change); any other answer is a failure.
     */
    private static boolean okUnlessCanaryGone(HttpResponse<String> response) {
        if (response.statusCode() == 404 && response.body().contains("NO_CANARY")) {
            return false;
        }
        expectOk(response);
        return true;
    }

    private static String expectOk(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("rollout API answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
