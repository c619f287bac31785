package io.visionstream.bench.gate;

import io.visionstream.common.events.GateCriterion;
import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.RolloutPolicy;
import io.visionstream.common.json.Json;
import io.visionstream.inference.gate.GateDefaults;
import io.visionstream.local.cli.OptionPairs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * The canary gate's benchmark: thousands of simulated canaries per case through the real decision engine, with the
 * service's default policy. For healthy canaries - including ones exactly at a margin, the hardest case for the
 * false-alarm rate - it counts false rollbacks (target at most 1 %) and promotions; for
 * regressions, detections (target at least 99 %); with the median number of the model's images (and of canary
 * scorings) until the decision. With {@code --replicas 1,3,12} each case is also run as a fleet whose N replicas each
 * judge the canary on their own 1/N share of the images, as the service does today, and whichever decides first
 * decides for the fleet (a replica's rollback or promotion is published for all): each replica's evidence is drawn
 * independently (the stream's error spikes and hard stretches are not shared between them). The last line is
 * {@code GATE-SIM {json}}.
 *
 * <pre>
 * usage: run-gate-sim.sh [--canaries 1000] [--weight 0.1] [--max-images 200000] [--seed 1] [--replicas 1]
 * </pre>
 */
public final class GateSimulator {

    /** The service's defaults: the simulator judges what users get. */
    static final RolloutPolicy DEFAULTS = GateDefaults.policy();
    /** The defaults with labelled accuracy among the criteria, as a model whose images get labelled would set them. */
    static final RolloutPolicy WITH_ACCURACY = new RolloutPolicy(java.util.EnumSet.allOf(GateCriterion.class), null, null, null, null, null,
            null, null, null, null, null).over(DEFAULTS);

    static final List<CanaryCase> CASES = List.of(
            new CanaryCase("healthy, identical, trickle (batch 1)", true, 1.0, 0.0, 0.0, 0.97, 1, 1, 0.5, false),
            new CanaryCase("healthy, identical, flood (batch 32)", true, 1.0, 0.0, 0.0, 0.97, 32, 32, 0.15, false),
            new CanaryCase("healthy, 1.5x slower, 0.5% errors both", true, 1.5, 0.005, 0.005, 0.92, 4, 8, 0.3, false),
            new CanaryCase("healthy, error spikes hit both", true, 1.0, 0.0, 0.0, 0.92, 4, 8, 0.3, true),
            // The hardest healthy canaries: exactly at a margin, where the level alpha is all that protects them.
            new CanaryCase("at the margin: exactly 2x slower", true, 2.0, 0.0, 0.0, 0.97, 4, 8, 0.3, false),
            new CanaryCase("at the margin: exactly 85% agreement", true, 1.0, 0.0, 0.0, 0.85, 4, 8, 0.3, false),
            new CanaryCase("regression: 3x slower", false, 3.0, 0.0, 0.0, 0.97, 4, 8, 0.3, false),
            new CanaryCase("regression: 5% errors", false, 1.0, 0.05, 0.0, 0.97, 4, 8, 0.3, false),
            new CanaryCase("regression: 80% agreement", false, 1.0, 0.0, 0.0, 0.80, 4, 8, 0.3, false),
            new CanaryCase("regression: untrained (17% agreement)", false, 1.0, 0.0, 0.0, 0.17, 4, 8, 0.3, false),
            // Ground truth for half the answers, judged with accuracy among the criteria: agreement alone cannot tell
            // these apart (90% agreement is above its margin), labelled accuracy can.
            CanaryCase.labelled("labelled: as accurate (90%), hard stretches", true, 0.90, 0.5, 0.90, 0.90),
            CanaryCase.labelled("labelled at the margin: 2 points less accurate", true, 0.90, 0.5, 0.90, 0.88),
            CanaryCase.labelled("labelled regression: 6 points less accurate", false, 0.90, 0.5, 0.90, 0.84));

    private GateSimulator() {
    }

    public static void main(String[] args) {
        Map<String, String> options = OptionPairs.parse(args);
        int canaries = Integer.parseInt(options.getOrDefault("--canaries", "1000"));
        double weight = Double.parseDouble(options.getOrDefault("--weight", "0.1"));
        long maxImages = Long.parseLong(options.getOrDefault("--max-images", "200000"));
        long seed = Long.parseLong(options.getOrDefault("--seed", "1"));
        List<Integer> fleetSizes = java.util.Arrays.stream(options.getOrDefault("--replicas", "1").split(",")).map(String::trim)
                .map(Integer::parseInt).toList();
        System.out.printf(Locale.ROOT, "canary gate simulator: %,d canaries per case at %.0f %% weight, default policy %s, at most %,d images each%n",
                canaries, weight * 100, DEFAULTS, maxImages);
        System.out.printf(Locale.ROOT, "%-60s %9s %9s %9s %12s %12s %14s  %s%n", "case", "rollback", "promote", "undecided",
                "target", "median img", "median canary", "deciding criteria (rollbacks)");
        Map<String, Object> figures = new LinkedHashMap<>();
        boolean allMet = true;
        long started = System.nanoTime();
        for (int replicas : fleetSizes) {
            for (int c = 0; c < CASES.size(); c++) {
                CanaryCase kind = CASES.get(c);
                Row row = simulate(kind, canaries, weight, maxImages, seed * 1_000_003L + c, replicas);
                String name = replicas == 1 ? kind.name() : kind.name() + " [" + replicas + " replicas]";
                allMet &= row.targetMet();
                System.out.printf(Locale.ROOT, "%-60s %8.1f%% %8.1f%% %8.1f%% %12s %12d %14d  %s%n", name, row.rollbackRate() * 100,
                        row.promoteRate() * 100, row.undecidedRate() * 100, (kind.healthy() ? "rb <= 1%" : "rb >= 99%") + (row.targetMet() ? " ok" : " MISS"),
                        row.medianImages(), row.medianCanaryScorings(), row.criteria());
                figures.put(name, row.figures());
            }
        }
        System.out.printf(Locale.ROOT, "%.1f s; 'median img' counts the model's images (all routes) until the decision, 'median canary' the "
                + "canary's scorings (batches)%n", (System.nanoTime() - started) / 1e9);
        figures.put("targetsMet", allMet);
        System.out.println("GATE-SIM " + Json.toJson(figures));
        System.exit(allMet ? 0 : 1);
    }

    static Row simulate(CanaryCase kind, int canaries, double weight, long maxImages, long seed) {
        return simulate(kind, canaries, weight, maxImages, seed, 1);
    }

    /**
     * {@code canaries} canaries of {@code kind}, each judged by {@code replicas} replicas on a 1/N share of the model's
     * images: the replica that decides after the fewest of its images decides for the fleet (all replicas receive
     * images at the same rate), after that many times N of the model's images.
     */
    static Row simulate(CanaryCase kind, int canaries, double weight, long maxImages, long seed, int replicas) {
        int rollbacks = 0;
        int promotions = 0;
        long[] images = new long[canaries];
        long[] scorings = new long[canaries];
        Map<String, Integer> criteria = new LinkedHashMap<>();
        for (int i = 0; i < canaries; i++) {
            SimulatedCanary.Outcome outcome = firstDecision(kind, weight, maxImages, seed * 7_919 + i, replicas);
            images[i] = outcome.images() * replicas;
            scorings[i] = outcome.canaryScorings();
            if (outcome.decision().isPresent()) {
                GateDecision decision = outcome.decision().get();
                if (decision.verdict() == GateDecision.Verdict.NOT_WORSE) {
                    promotions++;
                } else {
                    rollbacks++;
                    criteria.merge(decision.criterion() == null ? "inconclusive" : decision.criterion().wireName(), 1, Integer::sum);
                }
            }
        }
        return new Row(kind, canaries, rollbacks, promotions, median(images), median(scorings), criteria);
    }

    private static SimulatedCanary.Outcome firstDecision(CanaryCase kind, double weight, long maxImages, long seed, int replicas) {
        RolloutPolicy policy = kind.labelledShare() > 0 ? WITH_ACCURACY : DEFAULTS;
        SimulatedCanary.Outcome first = null;
        for (int r = 0; r < replicas; r++) {
            long replicaSeed = replicas == 1 ? seed : seed * 31 + r;
            SimulatedCanary.Outcome outcome = new SimulatedCanary(kind, policy, weight, replicaSeed).run(maxImages / replicas);
            boolean earlier = first == null || first.decision().isEmpty()
                    || outcome.decision().isPresent() && outcome.images() < first.images();
            if (earlier) {
                first = outcome;
            }
        }
        return first;
    }

    private static long median(long[] values) {
        long[] sorted = LongStream.of(values).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    /** One case's results. */
    record Row(CanaryCase kind, int canaries, int rollbacks, int promotions, long medianImages, long medianCanaryScorings,
               Map<String, Integer> criteria) {

        double rollbackRate() {
            return rollbacks / (double) canaries;
        }

        double promoteRate() {
            return promotions / (double) canaries;
        }

        double undecidedRate() {
            return (canaries - rollbacks - promotions) / (double) canaries;
        }

        boolean targetMet() {
            return kind.healthy() ? rollbackRate() <= 0.01 : rollbackRate() >= 0.99;
        }

        Map<String, Object> figures() {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("canaries", canaries);
            figures.put("rollbackRate", rollbackRate());
            figures.put("promoteRate", promoteRate());
            figures.put("medianImagesToDecision", medianImages);
            figures.put("medianCanaryScoringsToDecision", medianCanaryScorings);
            figures.put("rollbacksByCriterion", criteria);
            figures.put("targetMet", targetMet());
            return figures;
        }
    }
}
