package io.visionstream.inference.retrain;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.visionstream.common.events.ClassScore;
import io.visionstream.common.events.GroundTruth;
import io.visionstream.common.events.LabelledPrediction;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.Route;
import io.visionstream.common.events.TrainingTrigger;
import io.visionstream.common.json.Json;
import io.visionstream.inference.config.InferenceConfig;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy fires once per cooldown, on stable answers only, with its evidence; a model without a policy never. */
class RetrainPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final List<String> sent = new ArrayList<>();
    private Instant now = T0;

    @Test
    void aStableVersionShownBelowTheThresholdTriggersOncePerCooldown() {
        RetrainPolicy policy = new RetrainPolicy(Map.of("fashion", policy(0.8, 200, Duration.ofMinutes(30))), emitter(),
                new SimpleMeterRegistry(), clock());
        feed(policy, "fashion", Route.STABLE, 200, 1.0);
        assertThat(sent).as("a whole window of right answers").isEmpty();
        Instant dropBegins = now;
        feed(policy, "fashion", Route.STABLE, 400, 0.5);
        assertThat(sent).as("a second finding within the cooldown sends nothing").hasSize(1);
        TrainingTrigger trigger = Json.fromJson(sent.get(0), TrainingTrigger.class);
        assertThat(trigger.reason()).isEqualTo(TrainingTrigger.Reason.ONLINE_ACCURACY);
        assertThat(trigger.baseVersion()).isEqualTo(3);
        assertThat(trigger.threshold()).isEqualTo(0.8);
        assertThat(trigger.observed()).isLessThan(0.8);
        assertThat(trigger.evidence()).as("at least min-labelled answers behind it").containsPattern("of the last ([5-9]\\d|\\d{3}) labelled");
        assertThat(trigger.evidence()).contains("always-valid test of accuracy >= 0.800 rejected");
        assertThat(trigger.evidenceSince()).as("the label arrival of the first answer of the window that found the drop").isEqualTo(dropBegins);
        assertThat(policy.triggers("fashion")).hasSize(1);

        now = T0.plus(Duration.ofMinutes(61)); // the first trigger came a few minutes after T0: its cooldown is over
        feed(policy, "fashion", Route.STABLE, 200, 0.5);
        assertThat(sent).as("after the cooldown it fires again").hasSize(2);
    }

    @Test
    void aDriftScoreAboveThePolicysOnConsecutiveChecksTriggersOnce() {
        RetrainPolicy policy = new RetrainPolicy(Map.of("fashion", policy(0.8, 200, Duration.ofMinutes(30))), emitter(),
                new SimpleMeterRegistry(), clock());
        ModelRef v3 = new ModelRef("fashion", 3);
        policy.checked(v3, 1.4);
        policy.checked(v3, 2.0);
        policy.checked(v3, 0.6); // an isolated excursion resets the count
        now = now.plusSeconds(10);
        Instant runBegins = now;
        policy.checked(v3, 1.2);
        now = now.plusSeconds(10);
        policy.checked(v3, 1.3);
        assertThat(sent).as("two in a row are not enough").isEmpty();
        now = now.plusSeconds(10);
        policy.checked(v3, 5.0);
        policy.checked(v3, 6.0);
        policy.checked(v3, 7.0);
        policy.checked(v3, 8.0);
        assertThat(sent).as("once, then the cooldown").hasSize(1);
        TrainingTrigger trigger = Json.fromJson(sent.get(0), TrainingTrigger.class);
        assertThat(trigger.reason()).isEqualTo(TrainingTrigger.Reason.DRIFT);
        assertThat(trigger.observed()).isEqualTo(5.0);
        assertThat(trigger.evidence()).contains("drift score >= 1.00 on 3 checks in a row");
        assertThat(trigger.evidenceSince()).as("the first check of the run").isEqualTo(runBegins);
        policy.checked(new ModelRef("other", 1), 9.0);
        policy.checked(new ModelRef("other", 1), 9.0);
        policy.checked(new ModelRef("other", 1), 9.0);
        assertThat(sent).as("a model without a policy").hasSize(1);
    }

    @Test
    void canaryAnswersAndModelsWithoutAPolicyNeverTrigger() {
        RetrainPolicy policy = new RetrainPolicy(Map.of("fashion", policy(0.8, 200, Duration.ofMinutes(30))), emitter(),
                new SimpleMeterRegistry(), clock());
        feed(policy, "fashion", Route.CANARY, 400, 0.3);
        feed(policy, "other", Route.STABLE, 400, 0.3);
        assertThat(sent).isEmpty();
        feed(policy, "fashion", Route.STABLE, 400, 0.3);
        assertThat(sent).as("positive control: the same answers on stable do").hasSize(1);
    }

    private void feed(RetrainPolicy policy, String model, Route route, int answers, double accuracy) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(answers);
        for (int i = 0; i < answers; i++) {
            String id = model + "-" + i;
            Prediction prediction = new Prediction(id, new ModelRef(model, 3), route, List.of(new ClassScore(1, "one", 0.9)), null, 1);
            int truth = random.nextDouble() < accuracy ? 1 : 2;
            policy.labelled(LabelledPrediction.of(prediction, new GroundTruth(id, truth, null, now, "test"), List.of(), now, now));
            now = now.plusSeconds(1);
        }
    }

    private static InferenceConfig.Retrain.ModelPolicy policy(double min, int window, Duration cooldown) {
        return new InferenceConfig.Retrain.ModelPolicy() {
            @Override
            public java.util.OptionalDouble minOnlineAccuracy() {
                return java.util.OptionalDouble.of(min);
            }

            @Override
            public java.util.OptionalDouble maxDriftScore() {
                return java.util.OptionalDouble.of(1.0);
            }

            @Override
            public int driftChecks() {
                return 3;
            }

            @Override
            public int window() {
                return window;
            }

            @Override
            public int minLabelled() {
                return 50;
            }

            @Override
            public double alpha() {
                return 0.01;
            }

            @Override
            public Duration cooldown() {
                return cooldown;
            }
        };
    }

    private Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    private Emitter<String> emitter() {
        return new Emitter<>() {
            @Override
            public CompletionStage<Void> send(String payload) {
                sent.add(payload);
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }

            @Override
            public <M extends Message<? extends String>> void send(M message) {
                sent.add(message.getPayload());
                message.ack();
            }

            @Override
            public void complete() {
            }

            @Override
            public void error(Exception e) {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public boolean hasRequests() {
                return true;
            }
        };
    }
}
