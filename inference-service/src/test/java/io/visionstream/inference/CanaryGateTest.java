package io.visionstream.inference;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.visionstream.common.events.GateCriterion;
import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * The canary gate on a real broker with real ONNX Runtime sessions: an identical canary on a machine made noisy is
 * kept and promoted by its policy, a much slower one and an untrained one are rolled back with their evidence on
 * {@code model-rollouts}, a rolled-back version does not come back with a replayed release, and every image is
 * answered throughout. Each model's policy samples every image side by side so that a test needs few images.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class CanaryGateTest extends KafkaServiceTestSupport {

    private static final Duration DECISION = Duration.ofSeconds(90);
    private static final Map<String, Object> QUICK_EVIDENCE = Map.of("sampleRate", 1.0, "minSamples", 20, "maxErrorExcess", 0.1);

    @Test
    void anIdenticalCanaryOnANoisyMachineIsKeptAndPromotedByItsPolicy() throws Exception {
        String model = stableWithCanary(unique("noisy"), TinyClassifiers.columnClassifier(1, 10), 50);
        policy(model, Map.of("sampleRate", 1.0, "minSamples", 20, "maxErrorExcess", 0.1, "onHealthy", "promote"));
        AtomicBoolean noisy = new AtomicBoolean(true);
        List<Thread> burners = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread burner = new Thread(() -> burnInBursts(noisy), "noisy-neighbour-" + i);
            burner.setDaemon(true);
            burner.start();
            burners.add(burner);
        }
        List<String> keys;
        RolloutState decided;
        try {
            keys = trickleUntil(model, "noisy", state -> state.canary() == null);
            decided = lastRollout(model);
        } finally {
            noisy.set(false);
            for (Thread burner : burners) {
                burner.join();
            }
        }

        assertThat(decided.changedBy()).isEqualTo("canary-gate");
        assertThat(decided.stable()).as("promoted").isEqualTo(2);
        assertThat(decided.previousStable()).isEqualTo(1);
        assertThat(decided.decision().verdict()).isEqualTo(GateDecision.Verdict.NOT_WORSE);
        assertThat(decided.decision().evidence()).hasSize(3).allSatisfy(e -> {
            assertThat(e.pairs()).isGreaterThanOrEqualTo(20);
            assertThat(e.notWorsePValue()).isLessThanOrEqualTo(0.05 / 3);
        });
        assertThat(history(model)).as("never judged worse on the way").noneMatch(s -> s.decision() != null
                && s.decision().verdict() == GateDecision.Verdict.WORSE);
        predictions(keys);
    }

    @Test
    void aMuchSlowerCanaryIsRolledBackOnLatencyWithItsEvidence() {
        String model = stableWithCanary(unique("slow"), TinyClassifiers.slowColumnClassifier(1, 10, 16), 50);
        policy(model, QUICK_EVIDENCE);

        List<String> keys = trickleUntil(model, "slow", state -> state.canary() == null);

        RolloutState decided = lastRollout(model);
        assertThat(decided.changedBy()).isEqualTo("canary-gate");
        assertThat(decided.stable()).isEqualTo(1);
        assertThat(decided.rolledBack()).containsExactly(2);
        assertThat(decided.decision().verdict()).isEqualTo(GateDecision.Verdict.WORSE);
        assertThat(decided.decision().criterion()).isEqualTo(GateCriterion.LATENCY);
        assertThat(decided.reason()).startsWith("canary worse on latency").contains("vs margin 2.000");
        assertThat(decided.decision().evidence()).filteredOn(e -> e.criterion() == GateCriterion.LATENCY).singleElement()
                .satisfies(e -> {
                    assertThat(e.estimate()).isGreaterThan(2.0);
                    assertThat(e.worsePValue()).isLessThanOrEqualTo(e.alpha());
                });
        predictions(keys);
    }

    @Test
    void anUntrainedCanaryIsRolledBackOnAgreementAndAReplayedReleaseDoesNotBringItBack() {
        String model = stableWithCanary(unique("untrained"), TinyClassifiers.shiftedColumnClassifier(1, 10), 50);
        policy(model, QUICK_EVIDENCE);

        List<String> keys = trickleUntil(model, "untrained", state -> state.canary() == null);

        RolloutState decided = lastRollout(model);
        assertThat(decided.decision().criterion()).isEqualTo(GateCriterion.AGREEMENT);
        assertThat(decided.reason()).startsWith("canary worse on agreement");
        predictions(keys);

        ModelVersion v2 = registry.get(model, 2);
        kafka.announce(v2.manifest());
        ModelVersion v3 = TinyClassifiers.publish(registry, model, ColourMode.GREY, DIGITS);
        kafka.announce(v3.manifest());
        org.awaitility.Awaitility.await().atMost(ARRIVAL).until(() -> routes.state(model).map(s -> s.canary() != null).orElse(false));
        assertThat(routes.state(model).orElseThrow().canary().version()).as("v3 (announced after v2's replay) is the canary, v2 stayed out")
                .isEqualTo(3);
        assertThat(history(model)).noneMatch(s -> s.canary() != null && s.canary().version() == 2 && "release-policy".equals(s.changedBy())
                && s.changedAt().isAfter(decided.changedAt()));
    }

    @Test
    void rolloutChangesMergeFieldByFieldAndTheAnalysisShowsTheLiveEvidence() {
        String model = stableWithCanary(unique("merge"), TinyClassifiers.columnClassifier(1, 10), 20);
        String path = "/api/models/" + model + "/rollout";

        admin().contentType(ContentType.JSON).body(Map.of("shadow", 2)).put(path).then().statusCode(200)
                .body("shadow", equalTo(2)).body("canary.version", equalTo(2)).body("canary.weightPercent", equalTo(20));
        admin().contentType(ContentType.JSON).body(Map.of("canary", Map.of("weightPercent", 40))).put(path).then().statusCode(200)
                .body("canary.version", equalTo(2)).body("canary.weightPercent", equalTo(40)).body("shadow", equalTo(2));
        admin().contentType(ContentType.JSON).body(Map.of("policy", Map.of("maxLatencyRatio", 3.0, "onHealthy", "hold"))).put(path).then()
                .statusCode(200).body("policy.maxLatencyRatio", equalTo(3.0f)).body("shadow", equalTo(2));
        admin().contentType("application/merge-patch+json").body(Json.toJson(Map.of("policy", Map.of("alpha", 0.02, "maxDuration", "PT30M")))).patch(path)
                .then().statusCode(200).body("policy.maxLatencyRatio", equalTo(3.0f)).body("policy.alpha", equalTo(0.02f))
                .body("policy.maxDuration", equalTo("PT30M")).body("canary.weightPercent", equalTo(40));
        admin().contentType(ContentType.JSON).body("{\"shadow\": null}").put(path).then().statusCode(200)
                .body("shadow", nullValue()).body("canary.version", equalTo(2));

        admin().contentType(ContentType.JSON).body(Map.of("policy", Map.of("maxLatencyRatio", 0.5))).put(path).then().statusCode(400)
                .body("reason", equalTo("INVALID_REQUEST")).body("message", containsString("maxLatencyRatio must be > 1"));
        admin().contentType(ContentType.JSON).body(Map.of("policy", Map.of("maxLatencyRatoi", 3))).put(path).then().statusCode(400)
                .body("reason", equalTo("INVALID_REQUEST")).body("message", containsString("unknown field 'policy.maxLatencyRatoi'"));
        admin().contentType(ContentType.JSON).body(Map.of("canary", Map.of("weightPercent", "lots"))).put(path).then().statusCode(400)
                .body("message", containsString("canary.weightPercent must be an integer"));

        org.awaitility.Awaitility.await().atMost(ARRIVAL).until(() -> given().get(path + "/analysis").statusCode() == 200);
        given().get(path + "/analysis").then().statusCode(200).body("canary", equalTo(2)).body("stable", equalTo(1))
                .body("policy.maxLatencyRatio", equalTo(3.0f)).body("policy.alpha", equalTo(0.02f)).body("policy.minAgreement", equalTo(0.85f))
                .body("evidence", hasSize(3)).body("evidence.criterion", org.hamcrest.Matchers.hasItems("errors", "latency", "agreement"));
        admin().contentType(ContentType.JSON).body("{\"canary\": null}").put(path).then().statusCode(200).body("canary", nullValue());
        given().get(path + "/analysis").then().statusCode(404).body("reason", equalTo("NO_CANARY"));
    }

    private void policy(String model, Map<String, Object> policy) {
        admin().contentType(ContentType.JSON).body(Map.of("policy", policy)).put("/api/models/" + model + "/rollout").then().statusCode(200);
    }

    /** Sends images one at a time (so the canary scores many small batches) until the rollout satisfies {@code done}. */
    private List<String> trickleUntil(String model, String prefix, Predicate<RolloutState> done) {
        List<String> keys = new ArrayList<>();
        long deadline = System.nanoTime() + DECISION.toNanos();
        while (!routes.state(model).map(done::test).orElse(false)) {
            assertThat(System.nanoTime()).as("the gate decided within %s (%d images sent; analysis %s)", DECISION, keys.size(),
                    given().get("/api/models/" + model + "/rollout/analysis").asString()).isLessThan(deadline);
            String key = unique(prefix);
            keys.add(key);
            kafka.sendImage(key, TinyClassifiers.pngWithHotColumn(10, keys.size() % 10), "image/png", model);
            sleep(3);
        }
        return keys;
    }

    private List<RolloutState> history(String model) {
        return kafka.readAll(Topics.MODEL_ROLLOUTS, ARRIVAL).stream().filter(r -> model.equals(r.key()))
                .map(r -> Json.fromBytes(r.value(), RolloutState.class)).toList();
    }

    /** Keeps a core busy in bursts of 20-60 ms with pauses as long: a noisy neighbour. */
    private static void burnInBursts(AtomicBoolean running) {
        java.util.SplittableRandom random = new java.util.SplittableRandom();
        double sink = 0;
        while (running.get()) {
            long burstEnd = System.nanoTime() + (20 + random.nextInt(40)) * 1_000_000L;
            while (System.nanoTime() < burstEnd) {
                sink += Math.sqrt(sink + 1);
            }
            sleep(20 + random.nextInt(40));
        }
        if (sink < 0) {
            throw new AssertionError();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
