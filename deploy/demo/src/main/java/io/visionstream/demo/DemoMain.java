package io.visionstream.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.local.kafka.TopicClient;
import io.visionstream.local.load.LoadGenerator;
import io.visionstream.local.load.PoisonPayloads;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main job in one command (README): the product working end to end on real data, as separate processes on
 * localhost. Trains lenet5 on Fashion-MNIST and publishes it; streams the 10,000 test images through Kafka as PNGs and
 * checks the served accuracy against the trainer's (no training/serving skew); trains a second version that arrives
 * as a canary, compares it with a shadow, lets the canary gate judge it and promote it on its evidence, and checks
 * the promoted version's served accuracy; dead-letters bad payloads with reasons; leaves curves,
 * confusion matrices and a summary in one folder; streams labels late and checks online accuracy per version; lets the
 * stream drift until the retrain policy has a new version trained from Kafka and the gate promotes it
 * ({@link DriftPhase}). The last line is {@code DEMO {json}}; the exit status is 0 only when every check held. (About 390 lines, over the house's ~300 on purpose: it is the demo's script, its steps in the
 * README's order in one place to read top to bottom; what it drives - the stack, the clients, the console, the figures
 * - are classes of their own.)
 */
public final class DemoMain {

    /** Served accuracy must equal the trainer's test accuracy to within 0.2 points. */
    static final double MAX_SKEW = 0.002;
    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration SERVING_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration KAFKA_READ = Duration.ofSeconds(60);
    private static final int WARM_UP_IMAGES = 2_000;
    private static final Duration SHADOW_SETTLE = Duration.ofSeconds(1);
    /** v2's share of pass 2 must be within 2 points of its weight (10,000 sticky keys: one standard deviation is 0.46). */
    static final double MAX_SHARE_GAP = 0.02;
    /** Share of images the demo's gate policy scores on both versions side by side (service default: 0.05). */
    private static final double GATE_SAMPLE_RATE = 0.2;
    private static final Duration GATE_SETTLE = Duration.ofSeconds(5);
    private static final int MAX_EVIDENCE_PASSES = 3;
    private static final String CANARY_GATE = "canary-gate";

    private final DemoOptions options;
    private final Console console = new Console();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, String> trainingRuns = new LinkedHashMap<>();

    private DemoMain(DemoOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new DemoMain(options).run());
    }

    private int run() throws Exception {
        Files.createDirectories(options.out());
        console.step("VisionStream demo; everything this run writes goes to %s", options.out());
        console.phase(1, "Start the stack: Kafka broker, inference-service, trainer-service (separate processes)");
        DemoStack stack = DemoStack.start(options, options.out(), console);
        Thread stopOnSignal = new Thread(() -> {
            System.out.println();
            console.step("interrupted: stopping every process ...");
            stopQuietly(stack);
            console.step("stopped; what was written so far is in %s", options.out());
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            demo(stack);
        } catch (Exception e) {
            failures.add(e.toString());
            console.step("FAILED: %s", e);
        } finally {
            console.phase(9, "Shut down");
            Map<String, Integer> exits = stack.stop();
            console.step("every process stopped (exit statuses %s; 143 = ended by SIGTERM after a graceful shutdown)", exits);
            Runtime.getRuntime().removeShutdownHook(stopOnSignal);
        }
        figures.put("seconds", console.elapsedSeconds());
        figures.put("outputDir", options.out().toString());
        figures.put("checksPassed", failures.isEmpty());
        figures.put("failures", failures);
        Files.writeString(options.out().resolve("demo-summary.json"), Json.toJson(figures));
        System.out.println();
        System.out.println(failures.isEmpty() ? "Every check held. Results: " + options.out()
                : "Checks FAILED: " + failures + ". Results and logs: " + options.out());
        System.out.println("DEMO " + Json.toJson(figures));
        return failures.isEmpty() ? 0 : 1;
    }

    private void demo(DemoStack stack) throws Exception {
        TrainerClient trainer = new TrainerClient(stack.trainer(), stack.adminToken());
        RolloutClient rollout = new RolloutClient(stack.inference(), options.model(), stack.adminToken());
        console.phase(2, "Train " + options.v1Arch() + " on Fashion-MNIST (" + options.v1Epochs() + " epochs), export, prove parity, publish "
                + options.model() + " v1");
        TrainerClient.TrainedVersion v1Trained = train(trainer, options.v1Arch(), options.v1Epochs());
        int v1 = v1Trained.version();
        double trainerAccuracy = v1Trained.testTop1();
        rollout.await(s -> Integer.valueOf(v1).equals(s.stable()), "v" + v1 + " stable", SERVING_TIMEOUT);
        stack.inference().awaitHealth("ready", SERVING_TIMEOUT);
        console.step("the inference service picked v%d up from model-releases by itself and serves it as stable", v1);

        console.phase(3, "Stream the 10,000 test images through Kafka as PNGs and score them");
        FashionTestImages test = FashionTestImages.load(options.dataDir());
        console.step("%,d test images, %.0f bytes per PNG on average; offered at %s", test.size(), test.averagePayloadBytes(),
                options.rate() > 0 ? String.format("%,.0f images/s", options.rate()) : "full speed");
        PassFigures first;
        try (StreamWatch watch = StreamWatch.start(stack.inference(), options.model());
             TopicClient kafka = new TopicClient(stack.bootstrapServers());
             LoadGenerator load = new LoadGenerator(stack.bootstrapServers(), test.pngs(), "image/png", null);
             LabelFeed labels = new LabelFeed(kafka)) {
            console.step("warm-up: %,d images (not measured) so the figures show the service warm, as in production", WARM_UP_IMAGES);
            LoadGenerator.Run warmUp = load.run("warm-up-", WARM_UP_IMAGES, options.rate(), Duration.ofMinutes(3));
            check(warmUp.predictions().size() == WARM_UP_IMAGES, "warm-up: " + warmUp.predictions().size() + " of " + WARM_UP_IMAGES + " predictions arrived");
            first = pass(load, kafka, labels, "v1-", test, false);
            printPass(first);
            double skew = Math.abs(first.accuracy() - trainerAccuracy);
            console.step("served accuracy %.4f vs trainer's %.4f: difference %.2f points (allowed %.1f) -> %s", first.accuracy(), trainerAccuracy,
                    skew * 100, MAX_SKEW * 100, skew <= MAX_SKEW ? "no training/serving skew" : "SKEW");
            check(first.predicted() == test.size(), "pass 1: " + first.predicted() + " of " + test.size() + " predictions arrived");
            check(skew <= MAX_SKEW, String.format("served accuracy %.4f differs from the trainer's %.4f by more than 0.2 points", first.accuracy(), trainerAccuracy));
            figures.put("sent", first.sent());
            figures.put("predicted", first.predicted());
            figures.put("accuracy", round4(first.accuracy()));
            figures.put("trainerTestAccuracy", round4(trainerAccuracy));
            figures.put("throughput", Math.round(first.throughput()));
            figures.put("p50Ms", round1(first.p50Ms()));
            figures.put("p99Ms", round1(first.p99Ms()));

            console.phase(4, "Train version 2 (" + options.v2Arch() + ", " + options.v2Epochs() + " epochs): canary, shadow, the canary gate's "
                    + "verdict, promotion by evidence");
            TrainerClient.TrainedVersion v2Trained = train(trainer, options.v2Arch(), options.v2Epochs());
            int v2 = v2Trained.version();
            double v2TrainerAccuracy = v2Trained.testTop1();
            RolloutState arrived = rollout.await(s -> s.canary() != null && s.canary().version() == v2, "v" + v2 + " canary", SERVING_TIMEOUT);
            console.step("v%d (trainer's test top-1 %.4f) arrived as a canary at %d %% by the release policy", v2, v2TrainerAccuracy,
                    arrived.canary().weightPercent());
            rollout.change(Map.of("canary", Map.of("version", v2, "weightPercent", options.canaryPercent()), "shadow", v2,
                    "policy", Map.of("onHealthy", "hold", "sampleRate", GATE_SAMPLE_RATE),
                    "reason", "demo: canary at " + options.canaryPercent() + " %, v2 shadows every image, the gate holds a healthy verdict"));
            console.step("operator: canary v%d at %d %% of image keys (sticky); v%d shadows all traffic; gate policy for %s: hold a healthy "
                    + "verdict for the operator, score %.0f %% of images on both versions side by side", v2, options.canaryPercent(), v2,
                    options.model(), GATE_SAMPLE_RATE * 100);
            PassFigures second = pass(load, kafka, labels, "v2-", test, true);
            printPass(second);
            check(second.predicted() == test.size(), "pass 2: " + second.predicted() + " of " + test.size() + " predictions arrived");
            double v2Share = second.perVersion().getOrDefault(v2, 0L) / (double) Math.max(1, second.predicted());
            console.step("v%d answered %.1f %% of the images at a weight of %d %% (allowed: within %.0f points)", v2, v2Share * 100,
                    options.canaryPercent(), MAX_SHARE_GAP * 100);
            check(Math.abs(v2Share - options.canaryPercent() / 100.0) <= MAX_SHARE_GAP,
                    String.format("v%d answered %.1f %% of pass 2, not about its weight of %d %%", v2, v2Share * 100, options.canaryPercent()));
            long answeredByV1 = second.perVersion().getOrDefault(v1, 0L);
            console.step("shadow agreement: v%d and v%d gave the same top-1 on %.2f %% of %,d images v%d answered (a shadow is best effort: "
                    + "it skipped %,d while too many shadow scorings were pending)", v2, v1, second.shadowAgreement() * 100, second.shadowCompared(),
                    v1, answeredByV1 - second.shadowCompared());
            check(second.shadowCompared() > 0, "no shadow comparison happened in pass 2");

            JsonNode verdict = awaitGateVerdict(rollout, load, test);
            printEvidence(verdict);
            rollout.change(Map.of("policy", Map.of("onHealthy", "promote"), "reason", "demo: the canary gate may promote on its verdict"));
            RolloutState promoted = rollout.await(s -> Integer.valueOf(v2).equals(s.stable()), "v" + v2 + " promoted", SERVING_TIMEOUT);
            boolean byGate = CANARY_GATE.equals(promoted.changedBy()) && promoted.decision() != null
                    && promoted.decision().verdict() == GateDecision.Verdict.NOT_WORSE;
            console.step("%s: stable v%d (previous stable v%s, what a rollback returns to): %s", byGate ? "promoted by the canary gate" : "promoted by "
                    + promoted.changedBy(), promoted.stable(), promoted.previousStable(), promoted.reason());
            check(byGate, "v" + v2 + " was not promoted by the canary gate's verdict: " + promoted);

            PassFigures third = pass(load, kafka, labels, "v2-stable-", test, false);
            printPass(third);
            double v2Skew = Math.abs(third.accuracy() - v2TrainerAccuracy);
            console.step("v%d as stable: served accuracy %.4f vs its trainer's %.4f: difference %.2f points (allowed %.1f)", v2, third.accuracy(),
                    v2TrainerAccuracy, v2Skew * 100, MAX_SKEW * 100);
            check(third.predicted() == test.size(), "pass 3: " + third.predicted() + " of " + test.size() + " predictions arrived");
            check(third.perVersion().keySet().equals(java.util.Set.of(v2)), "pass 3 was not answered by v" + v2 + " alone: " + third.perVersion());
            check(v2Skew <= MAX_SKEW, String.format("v%d's served accuracy %.4f differs from its trainer's %.4f by more than 0.2 points",
                    v2, third.accuracy(), v2TrainerAccuracy));
            figures.put("perVersion", second.perVersion());
            figures.put("canaryPass", Map.of("accuracyPerVersion", second.accuracyPerVersion(), "v2Share", round4(v2Share),
                    "shadowAgreement", round4(second.shadowAgreement()), "shadowCompared", second.shadowCompared(),
                    "throughput", Math.round(second.throughput()), "p50Ms", round1(second.p50Ms()), "p99Ms", round1(second.p99Ms())));
            figures.put("gate", Map.of("verdict", promoted.decision() == null ? "none" : promoted.decision().verdict().name(),
                    "changedBy", promoted.changedBy(), "evidence", promoted.decision() == null ? List.of() : promoted.decision().evidence()));
            figures.put("v2AsStable", Map.of("accuracy", round4(third.accuracy()), "trainerTestAccuracy", round4(v2TrainerAccuracy),
                    "throughput", Math.round(third.throughput()), "p50Ms", round1(third.p50Ms()), "p99Ms", round1(third.p99Ms())));
            printHistory(kafka);
            figures.put("sent", first.sent() + second.sent() + third.sent());
            figures.put("predicted", first.predicted() + second.predicted() + third.predicted());

            console.phase(5, "Bad payloads: each must land on images.dlq with its reason, and the stream keeps going");
            badPayloads(kafka, test);
            int goodDeadLettered = countDeadLettered(kafka, "warm-up-", "v1-", "v2-");
            check(goodDeadLettered == 0, goodDeadLettered + " good test images were dead-lettered");

            console.phase(6, "Ground truth: labels arrive late (some twice, some never); online accuracy per version from the Kafka Streams join");
            labels.close();
            OnlineAccuracy.Outcome online = OnlineAccuracy.measure(stack.inference(), options.model(), labels,
                    Map.of(v1, trainerAccuracy, v2, v2TrainerAccuracy), console);
            online.failures().forEach(failure -> check(false, failure));
            console.step("online accuracy equals what the demo computed from its own predictions and labels: %s",
                    online.failures().isEmpty() ? "yes, for every version and route" : "NO");
            figures.put("onlineAccuracy", online.figures());

            console.phase(7, "Drift: the stream changes, the retrain policy asks for a new version, a continual job trains it from Kafka, "
                    + "the gate promotes it on accuracy evidence");
            DriftPhase.Outcome drifted = DriftPhase.run(stack, options, rollout, trainer, kafka, watch, v2, console);
            drifted.failures().forEach(failure -> check(false, failure));
            figures.put("drift", drifted.drift());
            figures.put("continualTraining", drifted.continualTraining());
        }

        console.phase(8, "Results");
        console.line("%-38s %s", "figure", "value");
        figures.forEach((name, value) -> console.line("%-38s %s", name, value));
        trainingRuns.forEach((version, dir) -> console.line("training run %s: %s (curves.png, confusion.png, curves.json, summary.json)", version, dir));
        figures.put("trainingRuns", trainingRuns);
    }

    /**
     * Waits for the canary gate's "not worse" verdict, which the demo's policy holds for the operator; streams the
     * test set again (new keys) while the evidence is not yet conclusive. A canary the gate judged worse is rolled back
     * by the gate itself, which ends the demo with the gate's reason.
     */
    private JsonNode awaitGateVerdict(RolloutClient rollout, LoadGenerator load, FashionTestImages test) throws Exception {
        for (int pass = 0; ; pass++) {
            long deadline = System.nanoTime() + GATE_SETTLE.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode analysis = rollout.analysis();
                if (analysis == null) {
                    throw new IllegalStateException("the canary is gone before a healthy verdict: " + rollout.state());
                }
                if (analysis.hasNonNull("holding")) {
                    console.step("canary gate: %s", analysis.get("holding").get("verdict").asText());
                    return analysis.get("holding");
                }
                Thread.sleep(200);
            }
            if (pass == MAX_EVIDENCE_PASSES) {
                throw new IllegalStateException("the canary gate reached no verdict after " + MAX_EVIDENCE_PASSES + " more passes: " + rollout.analysis());
            }
            console.step("canary gate: evidence not yet conclusive (%s); streaming the test set again for more", rollout.analysis().get("evidence"));
            LoadGenerator.Run more = load.run("v2-more-" + pass + "-", test.size(), options.rate(), Duration.ofMinutes(3));
            check(more.predictions().size() == test.size(), "evidence pass " + pass + ": " + more.predictions().size() + " of " + test.size()
                    + " predictions arrived");
        }
    }

    private void printEvidence(JsonNode decision) {
        console.line("%-10s %-58s %9s %8s %7s %11s %15s", "criterion", "statistic", "observed", "margin", "pairs", "p (worse)", "p (not worse)");
        for (JsonNode e : decision.get("evidence")) {
            console.line("%-10s %-58s %9.3f %8.3f %7d %11.2g %15.2g", e.get("criterion").asText(), abbreviate(e.get("statistic").asText(), 58),
                    e.get("estimate").asDouble(), e.get("threshold").asDouble(), e.get("pairs").asLong(), e.get("worsePValue").asDouble(),
                    e.get("notWorsePValue").asDouble());
        }
        console.line("(always-valid p-values; a criterion is decided at p <= its level, the policy's alpha shared among the criteria)");
    }

    /** Trains and publishes one version, showing the trainer's own progress lines meanwhile. */
    private TrainerClient.TrainedVersion train(TrainerClient trainer, String arch, int epochs) throws Exception {
        TrainerClient.TrainedVersion trained;
        try (LogRelay relay = LogRelay.follow(options.out().resolve("logs/trainer-service.log"), "trainer")) {
            trained = trainer.trainAndPublish(arch, epochs, options.model(), TRAINING_TIMEOUT);
        }
        trainingRuns.put("v" + trained.version() + " (" + arch + ")", trained.runDirectory());
        console.step("published %s v%d: trainer's test top-1 %.4f (best epoch %d); ONNX parity max |dp| %.1e", options.model(), trained.version(),
                trained.testTop1(), trained.bestEpoch(), trained.parityMaxAbsDiff());
        return trained;
    }

    private PassFigures pass(LoadGenerator load, TopicClient kafka, LabelFeed labels, String keyPrefix, FashionTestImages test, boolean shadowed)
            throws Exception {
        console.step("streaming %,d images (keys %s0..%s%d) ...", test.size(), keyPrefix, keyPrefix, test.size() - 1);
        LoadGenerator.Run run = load.run(keyPrefix, test.size(), options.rate(), Duration.ofMinutes(3));
        Map<String, Prediction> shadows = new HashMap<>();
        if (shadowed) {
            // Shadow scoring is best effort (skipped when too many are pending), so not every key gets one: wait until
            // the topic stops growing instead of waiting for every key, then read it once.
            long previous = -1;
            long written = kafka.endOffsetSum(Topics.PREDICTIONS_SHADOW, KAFKA_READ);
            while (written != previous) {
                previous = written;
                Thread.sleep(SHADOW_SETTLE.toMillis());
                written = kafka.endOffsetSum(Topics.PREDICTIONS_SHADOW, KAFKA_READ);
            }
            for (ConsumerRecord<String, byte[]> record : kafka.readAll(Topics.PREDICTIONS_SHADOW, KAFKA_READ)) {
                if (record.key() != null && record.key().startsWith(keyPrefix)) {
                    shadows.putIfAbsent(record.key(), Json.fromBytes(record.value(), Prediction.class));
                }
            }
        }
        labels.label(keyPrefix, test.labels(), run.predictions(), shadows);
        return PassFigures.of(run, keyPrefix, test.labels(), shadows);
    }

    private void printPass(PassFigures pass) {
        console.line("sent %,d | predictions %,d | accuracy %.4f | %,.0f images/s | end-to-end latency p50 %.1f ms, p99 %.1f ms",
                pass.sent(), pass.predicted(), pass.accuracy(), pass.throughput(), pass.p50Ms(), pass.p99Ms());
        pass.perVersion().forEach((version, count) -> console.line("version %d: %,d predictions (%.1f %%), accuracy %.4f", version, count,
                100.0 * count / pass.predicted(), pass.accuracyPerVersion().get(version)));
    }

    private void printHistory(TopicClient kafka) {
        console.step("rollout history of %s (model-rollouts topic):", options.model());
        for (ConsumerRecord<String, byte[]> record : kafka.readAll(Topics.MODEL_ROLLOUTS, KAFKA_READ)) {
            if (options.model().equals(record.key())) {
                RolloutState s = Json.fromBytes(record.value(), RolloutState.class);
                console.line("%s  stable=%-4s canary=%-10s shadow=%-4s by %-14s %s", s.changedAt(), s.stable(),
                        s.canary() == null ? "-" : "v" + s.canary().version() + "@" + s.canary().weightPercent() + "%",
                        s.shadow() == null ? "-" : s.shadow(), s.changedBy(), s.reason());
            }
        }
    }

    private void badPayloads(TopicClient kafka, FashionTestImages test) {
        List<PoisonPayloads.Poison> poisons = PoisonPayloads.all(test.first());
        Map<String, PoisonPayloads.Poison> byKey = new LinkedHashMap<>();
        for (int i = 0; i < poisons.size(); i++) {
            PoisonPayloads.Poison poison = poisons.get(i);
            String key = "bad-" + i;
            byKey.put(key, poison);
            kafka.sendImage(key, poison.payload(), poison.contentType(), poison.model());
        }
        Map<String, List<ConsumerRecord<String, byte[]>>> dead = kafka.collect(Topics.IMAGES_DLQ, byKey.keySet(), KAFKA_READ);
        console.line("%-32s %-20s %-20s %s", "payload", "expected reason", "dead-letter reason", "message");
        int matched = 0;
        for (Map.Entry<String, PoisonPayloads.Poison> entry : byKey.entrySet()) {
            List<ConsumerRecord<String, byte[]>> records = dead.get(entry.getKey());
            String reason = records == null ? "(none)" : TopicClient.header(records.get(0), io.visionstream.common.kafka.KafkaHeaders.DEAD_LETTER_REASON);
            String message = records == null ? "" : TopicClient.header(records.get(0), io.visionstream.common.kafka.KafkaHeaders.DEAD_LETTER_MESSAGE);
            matched += entry.getValue().expectedReason().equals(reason) ? 1 : 0;
            console.line("%-32s %-20s %-20s %s", entry.getValue().kind(), entry.getValue().expectedReason(), reason, abbreviate(message, 70));
        }
        check(matched == poisons.size(), (poisons.size() - matched) + " bad payloads were not dead-lettered with their expected reason");
        figures.put("deadLettered", dead.size());
        figures.put("badPayloads", Map.of("sent", poisons.size(), "deadLettered", dead.size(), "reasonsAsExpected", matched));
    }

    private int countDeadLettered(TopicClient kafka, String... goodPrefixes) {
        int count = 0;
        for (ConsumerRecord<String, byte[]> record : kafka.readAll(Topics.IMAGES_DLQ, KAFKA_READ)) {
            for (String prefix : goodPrefixes) {
                count += record.key() != null && record.key().startsWith(prefix) ? 1 : 0;
            }
        }
        return count;
    }

    private void check(boolean holds, String failure) {
        if (!holds) {
            failures.add(failure);
            console.step("CHECK FAILED: %s", failure);
        }
    }

    private static void stopQuietly(DemoStack stack) {
        try {
            stack.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(String text, int max) {
        return text == null || text.length() <= max ? String.valueOf(text) : text.substring(0, max - 3) + "...";
    }

    private static double round4(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
