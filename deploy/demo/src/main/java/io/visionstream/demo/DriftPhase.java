package io.visionstream.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.events.TrainingTrigger;
import io.visionstream.common.json.Json;
import io.visionstream.local.kafka.TopicClient;
import io.visionstream.local.load.LoadGenerator;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's drift phase (issue #18), the loop from stream to retrained version with nobody deciding by hand: the
 * stream drifts (the test images inverted) and labels follow a few seconds later; the stable version's online accuracy
 * falls and its drift score rises; the service's retrain policy asks for a new version; the trainer waits for the
 * labelled images since the evidence began, fine-tunes the stable version on them from Kafka and publishes a
 * candidate; the candidate goes canary and the gate promotes it on evidence that includes online accuracy; online
 * accuracy recovers. Every figure the phase prints comes from the services; the checks compare them with what the
 * demo computes from its own predictions and labels.
 */
final class DriftPhase {

    /** The demo model's retrain policy: trigger when stable's online accuracy is shown to be below this ({@link DemoStack}). */
    static final double MIN_ONLINE_ACCURACY = 0.6;
    /** Labelled images a triggered job trains and validates on (enough held out for a drift reference of its own). */
    static final int TRIGGERED_LAST = 5_000;
    /** The service's drift window: one the candidate's smaller reference is calibrated for too. */
    static final int DRIFT_WINDOW = 250;
    /** On the drifted stream the new version must be right this much more often than the old one (absolute). */
    static final double MIN_RECOVERY = 0.2;
    private static final int CANARY_PERCENT = 50;
    private static final int MAX_EVIDENCE_PASSES = 3;
    private static final double DRIFT_PLOT_CEILING = 10;
    private static final Duration TRIGGER_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration VERDICT_WAIT = Duration.ofSeconds(20);
    private static final Duration QUALITY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration PASS_TIMEOUT = Duration.ofMinutes(3);

    /** The figures for {@code DEMO {json}}, the checks that failed, and the plots written. */
    record Outcome(Map<String, Object> drift, Map<String, Object> continualTraining, List<String> failures, List<Path> plots) {
    }

    private final DemoStack stack;
    private final DemoOptions options;
    private final RolloutClient rollout;
    private final TrainerClient trainer;
    private final Console console;
    private final List<String> failures = new ArrayList<>();

    private DriftPhase(DemoStack stack, DemoOptions options, RolloutClient rollout, TrainerClient trainer, Console console) {
        this.stack = stack;
        this.options = options;
        this.rollout = rollout;
        this.trainer = trainer;
        this.console = console;
    }

    /** Runs the phase on stable version {@code stable}; {@code watch} has read the service's reports since the demo's first pass. */
    static Outcome run(DemoStack stack, DemoOptions options, RolloutClient rollout, TrainerClient trainer, TopicClient kafka, StreamWatch watch,
                       int stable, Console console) throws Exception {
        return new DriftPhase(stack, options, rollout, trainer, console).run(kafka, watch, stable);
    }

    private Outcome run(TopicClient kafka, StreamWatch watch, int stable) throws Exception {
        String model = options.model();
        FashionTestImages drifted = FashionTestImages.inverted(options.dataDir());
        rollout.change(Map.of("policy", Map.of("criteria", List.of("errors", "latency", "accuracy"), "onHealthy", "promote"),
                "reason", "demo: judge the next canary on errors, latency and online accuracy (agreement with a stable version the stream has "
                        + "left behind is no evidence)"));
        console.step("gate policy for %s: criteria errors, latency, accuracy; a healthy verdict promotes. Retrain policy (service config): "
                + "min-online-accuracy %.2f; a triggered job trains on the newest %,d labelled images since the evidence began", model,
                MIN_ONLINE_ACCURACY, TRIGGERED_LAST);
        Double scoreBefore = StreamWatch.driftScores(stack.inference(), model).get(stable);
        console.step("v%d's drift score on the undrifted stream so far: %s (window %d; 1 = drift at level 0.01)", stable, format(scoreBefore),
                DRIFT_WINDOW);
        Map<String, Object> drift = new LinkedHashMap<>();
        Map<String, Object> continual = new LinkedHashMap<>();
        List<Path> plots;
        Map<String, LabelFeed.Tally> base = StreamWatch.onlineCounts(stack.inference(), model);
        try (LoadGenerator load = new LoadGenerator(stack.bootstrapServers(), drifted.pngs(), "image/png", null);
             LabelFeed labels = new LabelFeed(kafka)) {
            console.step("the stream drifts: the same 10,000 test images, grey levels inverted; labels follow %d s after each pass",
                    LabelFeed.DELAY.toSeconds());
            PassFigures before = pass(load, labels, drifted, "drift-");
            Double scoreDrifted = StreamWatch.driftScores(stack.inference(), model).get(stable);
            console.line("v%d on the drifted stream: accuracy %.4f (the demo's own count); drift score %s", stable, before.accuracy(),
                    scoreDrifted == null ? "none" : String.format("%.1f", scoreDrifted));
            check(scoreDrifted != null && scoreDrifted >= 1, "v" + stable + "'s drift score on the inverted stream is not 1 or more: " + scoreDrifted);

            TrainingTrigger trigger = awaitTrigger(model);
            console.step("retrain policy fired: %s v%d, reason %s, observed %.3f < %.2f; evidence since %s: %s", trigger.model(), trigger.baseVersion(),
                    trigger.reason().wireName(), trigger.observed(), trigger.threshold(), trigger.evidenceSince(), trigger.evidence());
            check(trigger.reason() == TrainingTrigger.Reason.ONLINE_ACCURACY && trigger.baseVersion() == stable,
                    "the retrain trigger was not for stable v" + stable + " on online accuracy: " + Json.toJson(trigger));

            console.step("the trainer waits for %,d labelled images since %s, then fine-tunes v%d on them ...", TRIGGERED_LAST,
                    trigger.evidenceSince(), stable);
            String jobId = trainer.continualJob(model, trigger.reason().wireName(), JOB_TIMEOUT);
            console.step("the trainer started continual job %s", jobId);
            JsonNode job = trainer.awaitFinished(jobId, JOB_TIMEOUT);
            TrainerClient.TrainedVersion candidate = TrainerClient.published(job);
            JsonNode outcome = job.path("summary").path("continual");
            JsonNode manifestTraining = job.path("published").path("manifest").path("training");
            JsonNode window = manifestTraining.path("continual").path("dataset");
            console.step("published %s v%d from Kafka: %s from %s, newest %s: %,d images for training, %,d held out", model, candidate.version(),
                    window.path("topic").asText(), window.path("from").asText(), window.path("last").asText(), outcome.path("trainImages").asInt(),
                    outcome.path("validationImages").asInt());
            console.line("held-out slice of the drifted stream: top-1 %.4f (v%d's weights) -> %.4f (fine-tuned)",
                    outcome.path("streamValidationTop1Before").asDouble(), stable, outcome.path("streamValidationTop1After").asDouble());
            console.line("original test set (%s): top-1 %.4f -> %.4f (a drop is forgetting)", outcome.path("testDataset").asText(),
                    outcome.path("testTop1Before").asDouble(), outcome.path("testTop1After").asDouble());
            check("kafka:images.labelled".equals(manifestTraining.path("dataset").asText())
                            && trigger.evidenceSince() != null && trigger.evidenceSince().equals(Instant.parse(window.path("from").asText()))
                            && window.path("last").asInt() == TRIGGERED_LAST,
                    "v" + candidate.version() + "'s manifest does not name the trigger's Kafka window: " + manifestTraining);

            int v3 = candidate.version();
            rollout.await(s -> s.canary() != null && s.canary().version() == v3, "v" + v3 + " canary", ARRIVAL_TIMEOUT);
            rollout.change(Map.of("canary", Map.of("version", v3, "weightPercent", CANARY_PERCENT),
                    "reason", "demo: the candidate takes " + CANARY_PERCENT + " % of the drifted stream"));
            console.step("v%d arrived as a canary; operator: %d %% of image keys; the gate judges it as labels arrive", v3, CANARY_PERCENT);
            RolloutState promoted = awaitPromotion(load, labels, drifted, v3);
            GateDecision decision = promoted.decision();
            boolean byGate = "canary-gate".equals(promoted.changedBy()) && decision != null && decision.verdict() == GateDecision.Verdict.NOT_WORSE
                    && decision.evidence().stream().anyMatch(e -> e.criterion().wireName().equals("accuracy"));
            console.step("%s: stable v%d: %s", byGate ? "promoted by the canary gate" : "promoted by " + promoted.changedBy(), promoted.stable(),
                    promoted.reason());
            check(byGate, "v" + v3 + " was not promoted by the canary gate on evidence including accuracy: " + Json.toJson(promoted));

            PassFigures after = pass(load, labels, drifted, "drift-after-");
            console.line("v%d as stable on the drifted stream: accuracy %.4f (the demo's own count)", v3, after.accuracy());
            labels.close();
            Map<String, LabelFeed.Tally> online = awaitScored(model, base, labels.expected());
            double oldOnline = accuracy(online.get(stable + "/stable"));
            double newOnline = accuracy(online.get(v3 + "/stable"));
            console.step("online accuracy on the drifted stream (service, answers labelled in this phase): v%d stable %.4f, v%d canary %.4f, "
                    + "v%d stable %.4f", stable, oldOnline, v3, accuracy(online.get(v3 + "/canary")), v3, newOnline);
            check(newOnline >= oldOnline + MIN_RECOVERY, String.format("online accuracy did not recover: v%d %.4f vs v%d %.4f on the drifted stream",
                    v3, newOnline, stable, oldOnline));

            Double candidateScore = StreamWatch.driftScores(stack.inference(), model).get(v3);
            console.step("drift score: v%d %s before the drift, %s on the drifted stream; v%d (its reference from the drifted stream) %s",
                    stable, format(scoreBefore), format(scoreDrifted), v3, candidateScore == null ? "has no score" : format(candidateScore));
            plots = watch.plot(options.out(), MIN_ONLINE_ACCURACY, DRIFT_PLOT_CEILING);
            console.step("plots: %s", plots);

            drift.put("version", stable);
            drift.put("windowSize", DRIFT_WINDOW);
            drift.put("scoreBeforeDrift", scoreBefore);
            drift.put("scoreDrifted", scoreDrifted);
            drift.put("candidateScoreAfter", candidateScore);
            drift.put("plot", plots.get(1).toString());
            continual.put("trigger", Map.of("reason", trigger.reason().wireName(), "by", trigger.triggeredBy(), "observed", round(trigger.observed()),
                    "threshold", trigger.threshold(), "evidenceSince", String.valueOf(trigger.evidenceSince()), "evidence", trigger.evidence()));
            continual.put("dataWindow", Map.of("topic", window.path("topic").asText(), "from", window.path("from").asText(),
                    "last", window.path("last").asInt(), "trainImages", outcome.path("trainImages").asInt(),
                    "validationImages", outcome.path("validationImages").asInt()));
            continual.put("job", jobId);
            continual.put("candidateVersion", v3);
            continual.put("streamValidationTop1", List.of(outcome.path("streamValidationTop1Before").asDouble(),
                    outcome.path("streamValidationTop1After").asDouble()));
            continual.put("originalTestTop1", List.of(outcome.path("testTop1Before").asDouble(), outcome.path("testTop1After").asDouble()));
            continual.put("onlineAccuracyDrifted", Map.of("v" + stable + "/stable", round(oldOnline), "v" + v3 + "/canary",
                    round(accuracy(online.get(v3 + "/canary"))), "v" + v3 + "/stable", round(newOnline)));
            continual.put("gate", Map.of("verdict", decision == null ? "none" : decision.verdict().name(), "changedBy", promoted.changedBy(),
                    "evidence", decision == null ? List.of() : decision.evidence()));
            continual.put("plot", plots.get(0).toString());
        }
        return new Outcome(drift, continual, failures, plots);
    }

    /** Streams the drifted images once under {@code keyPrefix} and has them labelled; checks every prediction arrived. */
    private PassFigures pass(LoadGenerator load, LabelFeed labels, FashionTestImages drifted, String keyPrefix) throws InterruptedException {
        console.step("streaming %,d drifted images (keys %s0..) ...", drifted.size(), keyPrefix);
        LoadGenerator.Run run = load.run(keyPrefix, drifted.size(), options.rate(), PASS_TIMEOUT);
        labels.label(keyPrefix, drifted.labels(), run.predictions(), Map.of());
        PassFigures figures = PassFigures.of(run, keyPrefix, drifted.labels(), Map.of());
        check(figures.predicted() == drifted.size(), keyPrefix + " pass: " + figures.predicted() + " of " + drifted.size() + " predictions arrived");
        return figures;
    }

    /** The first retrain trigger the service sent for {@code model}. */
    private TrainingTrigger awaitTrigger(String model) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TRIGGER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = stack.inference().call("GET", "/api/models/" + model + "/retrain-triggers", null, null);
            if (response.statusCode() == 200) {
                TrainingTrigger[] triggers = Json.mapper().readValue(response.body(), TrainingTrigger[].class);
                if (triggers.length > 0) {
                    return triggers[0];
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the retrain policy sent no trigger for " + model + " within " + TRIGGER_TIMEOUT);
    }

    /** Streams drifted passes (labelled) until the gate has promoted {@code candidate}; a rollback ends the demo with the gate's reason. */
    private RolloutState awaitPromotion(LoadGenerator load, LabelFeed labels, FashionTestImages drifted, int candidate) throws Exception {
        for (int pass = 0; pass < MAX_EVIDENCE_PASSES; pass++) {
            PassFigures figures = pass(load, labels, drifted, "drift-canary-" + pass + "-");
            figures.perVersion().forEach((version, count) -> console.line("version %d: %,d predictions, accuracy %.4f", version, count,
                    figures.accuracyPerVersion().get(version)));
            long deadline = System.nanoTime() + VERDICT_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                RolloutState state = rollout.state();
                if (Integer.valueOf(candidate).equals(state.stable())) {
                    return state;
                }
                if (state.canary() == null) {
                    throw new IllegalStateException("the gate did not promote v" + candidate + ": " + state.changedBy() + ": " + state.reason());
                }
                Thread.sleep(500);
            }
            JsonNode analysis = rollout.analysis();
            console.step("canary gate: evidence not yet conclusive (%s); streaming the drifted images again", analysis == null ? "-"
                    : analysis.get("evidence"));
        }
        throw new IllegalStateException("the canary gate did not promote v" + candidate + " after " + MAX_EVIDENCE_PASSES + " drifted passes: "
                + rollout.analysis());
    }

    /** Waits until the service has scored every answer this phase labelled; returns its counts for this phase, per version/route. */
    private Map<String, LabelFeed.Tally> awaitScored(String model, Map<String, LabelFeed.Tally> base, Map<String, LabelFeed.Tally> expected)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + QUALITY_TIMEOUT.toNanos();
        Map<String, LabelFeed.Tally> phase = Map.of();
        while (System.nanoTime() < deadline) {
            phase = minus(StreamWatch.onlineCounts(stack.inference(), model), base);
            Map<String, LabelFeed.Tally> seen = phase;
            if (expected.entrySet().stream().allMatch(e -> seen.getOrDefault(e.getKey(), new LabelFeed.Tally(0, 0)).labelled()
                    >= e.getValue().labelled())) {
                break;
            }
            Thread.sleep(500);
        }
        for (Map.Entry<String, LabelFeed.Tally> e : expected.entrySet()) {
            LabelFeed.Tally service = phase.get(e.getKey());
            if (!e.getValue().equals(service)) {
                check(false, String.format("online accuracy of v%s on the drifted stream: the service counted %s, the demo's own predictions say %s",
                        e.getKey(), service, e.getValue()));
            }
        }
        return phase;
    }

    private static Map<String, LabelFeed.Tally> minus(Map<String, LabelFeed.Tally> now, Map<String, LabelFeed.Tally> base) {
        Map<String, LabelFeed.Tally> phase = new TreeMap<>();
        now.forEach((key, tally) -> {
            LabelFeed.Tally before = base.getOrDefault(key, new LabelFeed.Tally(0, 0));
            if (tally.labelled() > before.labelled()) {
                phase.put(key, new LabelFeed.Tally(tally.labelled() - before.labelled(), tally.correct() - before.correct()));
            }
        });
        return phase;
    }

    private static double accuracy(LabelFeed.Tally tally) {
        return tally == null || tally.labelled() == 0 ? Double.NaN : tally.correct() / (double) tally.labelled();
    }

    private static String format(Double score) {
        return score == null ? "-" : String.format("%.2f", score);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private void check(boolean holds, String failure) {
        if (!holds) {
            failures.add(failure);
            console.step("CHECK FAILED: %s", failure);
        }
    }
}
