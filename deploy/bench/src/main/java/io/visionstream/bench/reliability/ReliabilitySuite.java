package io.visionstream.bench.reliability;

import io.visionstream.bench.BenchModel;
import io.visionstream.bench.JpegFrames;
import io.visionstream.common.json.Json;
import io.visionstream.local.cli.OptionPairs;
import io.visionstream.local.load.PoisonPayloads;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reliability suite (README): streams keyed images while the system is disturbed - the inference service killed
 * with SIGKILL and restarted, the broker restarted, versions swapped continuously, bad payloads interleaved - and checks
 * by key that every image the broker accepted got a prediction or a dead letter (lost must be 0), counting duplicates
 * (at-least-once delivery: reprocessing after a kill repeats uncommitted work; exactly-once delivery: none may
 * appear). Each delivery mode gets its own stack. Prints a table; the last line is {@code RELIABILITY {json}}; the exit
 * status is 0 only when every scenario lost nothing (and exactly-once duplicated nothing).
 *
 * <pre>usage: ReliabilitySuite [--rate IMAGES_PER_S] [--seconds S] [--kills N] [--scenarios kill,broker,swaps,poison]
 *                         [--delivery at-least-once,exactly-once] [--service-jar PATH] [--out DIR]</pre>
 */
public final class ReliabilitySuite {

    private static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(5);
    /** After the last outcome, how long the consumer's committed offsets may take to catch up (commits are throttled). */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int CAPACITY_IMAGES = 400;
    private static final int CAPACITY_ROUNDS = 2;
    static final String AT_LEAST_ONCE = "at-least-once";
    static final String EXACTLY_ONCE = "exactly-once";

    private ReliabilitySuite() {
    }

    /** The suite's knobs, with the defaults of the full run. */
    public record Options(double rate, int seconds, int kills, List<Scenario> scenarios, List<String> deliveries, Path serviceJar, Path out,
                          Path overloadDraft, int overloadSeconds) {

        static Options parse(String[] args) {
            Map<String, String> given = OptionPairs.parse(args);
            List<Scenario> scenarios = new ArrayList<>();
            for (String name : given.getOrDefault("--scenarios", "kill,broker,swaps,poison,overload").split(",")) {
                scenarios.add(switch (name.trim().toLowerCase(Locale.ROOT)) {
                    case "kill" -> Scenario.KILL_INFERENCE;
                    case "broker" -> Scenario.RESTART_BROKER;
                    case "swaps" -> Scenario.SWAP_VERSIONS;
                    case "poison" -> Scenario.POISON_MIX;
                    case "overload" -> Scenario.OVERLOAD;
                    default -> throw new IllegalArgumentException("unknown scenario '" + name + "' (kill, broker, swaps, poison, overload)");
                });
            }
            List<String> deliveries = List.of(given.getOrDefault("--delivery", AT_LEAST_ONCE + "," + EXACTLY_ONCE).split(","));
            for (String delivery : deliveries) {
                if (!delivery.equals(AT_LEAST_ONCE) && !delivery.equals(EXACTLY_ONCE)) {
                    throw new IllegalArgumentException("unknown delivery '" + delivery + "' (" + AT_LEAST_ONCE + ", " + EXACTLY_ONCE + ")");
                }
            }
            return new Options(Double.parseDouble(given.getOrDefault("--rate", "300")), Integer.parseInt(given.getOrDefault("--seconds", "40")),
                    Integer.parseInt(given.getOrDefault("--kills", "5")), scenarios, deliveries,
                    Path.of(given.getOrDefault("--service-jar", "inference-service/target/quarkus-app/quarkus-run.jar")),
                    Path.of(given.getOrDefault("--out", "runs/reliability")),
                    given.containsKey("--overload-draft") ? Path.of(given.get("--overload-draft")) : null,
                    Integer.parseInt(given.getOrDefault("--overload-seconds", "60")));
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<ScenarioResult> results = run(options);
        System.exit(results.stream().allMatch(ScenarioResult::passed) ? 0 : 1);
    }

    /** Runs the scenarios against one stack, prints the table and the RELIABILITY line, returns the results. */
    public static List<ScenarioResult> run(Options options) throws IOException, InterruptedException {
        Path out = Files.createDirectories(options.out().toAbsolutePath());
        List<byte[]> images = BenchModel.syntheticPngs(256, 11);
        Workload small = new Workload(images, "image/png", null);
        boolean overload = options.scenarios().contains(Scenario.OVERLOAD);
        if (overload && options.overloadDraft() == null) {
            throw new IllegalArgumentException("the overload scenario needs --overload-draft (run-reliability.sh exports one)");
        }
        Workload frames = overload ? new Workload(JpegFrames.generate(640, 480, 24, 19, out.resolve("frames-640x480")), "image/jpeg",
                ReliabilityStack.OVERLOAD_MODEL) : null;
        List<PoisonPayloads.Poison> poisons = PoisonPayloads.all(ImageIO.read(new ByteArrayInputStream(images.get(0))));
        int count = (int) Math.round(options.rate() * options.seconds());
        Scenario.Settings settings = new Scenario.Settings(Duration.ofSeconds(options.seconds()), count, options.kills());
        log("%d images per scenario at %.0f/s (%d s); logs in %s", count, options.rate(), options.seconds(), out.resolve("logs"));
        List<ScenarioResult> results = new ArrayList<>();
        for (String delivery : options.deliveries()) {
            log("%s delivery: starting the broker and the inference service ...", delivery);
            try (ReliabilityStack stack = ReliabilityStack.start(out.resolve(delivery), options.serviceJar().toAbsolutePath(), 2,
                    delivery.equals(EXACTLY_ONCE), overload ? options.overloadDraft().toAbsolutePath() : null)) {
                for (Scenario scenario : options.scenarios()) {
                    log("scenario '%s' (%s) ...", scenario.title(), delivery);
                    ScenarioResult result = scenario == Scenario.OVERLOAD
                            ? runOverload(stack, delivery, frames, options.overloadSeconds())
                            : runScenario(stack, scenario, delivery, settings, small, poisons, options.rate());
                    log("    %s", result);
                    results.add(result);
                }
            }
        }
        print(results);
        return results;
    }

    /**
     * Measures what the service scores per second on the overload workload (a burst, twice: the first warms up), then
     * offers {@link Scenario#OVERLOAD_FACTOR} times that for {@code seconds}.
     */
    private static ScenarioResult runOverload(ReliabilityStack stack, String delivery, Workload frames, int seconds)
            throws IOException, InterruptedException {
        double capacity = 0;
        for (int round = 1; round <= CAPACITY_ROUNDS; round++) {
            long start = System.nanoTime();
            long done;
            try (OutcomeCollector outcomes = new OutcomeCollector(stack.bootstrapServers());
                 KeyedStream burst = new KeyedStream(stack.bootstrapServers(), frames, List.of(), 0)) {
                burst.start(delivery + "-capacity-" + round + "-", CAPACITY_IMAGES, 0);
                burst.awaitSent();
                done = outcomes.collect(burst.acknowledged(), OUTCOME_TIMEOUT);
            }
            if (done < 0) {
                throw new IllegalStateException("the capacity burst was not fully answered within " + OUTCOME_TIMEOUT);
            }
            capacity = CAPACITY_IMAGES / ((done - start) / 1e9);
            log("    capacity, round %d: %.1f images/s", round, capacity);
        }
        double rate = Scenario.OVERLOAD_FACTOR * capacity;
        Scenario.Settings settings = new Scenario.Settings(Duration.ofSeconds(seconds), (int) Math.round(rate * seconds), 0);
        return runScenario(stack, Scenario.OVERLOAD, delivery, settings, frames, List.of(), rate);
    }

    private static ScenarioResult runScenario(ReliabilityStack stack, Scenario scenario, String delivery, Scenario.Settings settings, Workload workload,
                                              List<PoisonPayloads.Poison> poisons, double rate) throws IOException, InterruptedException {
        long start = System.nanoTime();
        String prefix = delivery + "-" + scenario.name().toLowerCase(Locale.ROOT) + "-";
        int outOfMemoryBefore = stack.outOfMemoryErrors();
        HealthWatch.Stats health;
        try (OutcomeCollector outcomes = new OutcomeCollector(stack.bootstrapServers());
             KeyedStream stream = new KeyedStream(stack.bootstrapServers(), workload, poisons, scenario.poisonEvery())) {
            ScenarioResult.Disruption disruption;
            try (HealthWatch watch = new HealthWatch(stack)) {
                stream.start(prefix, settings.images(), rate);
                disruption = scenario.disrupt(stack, settings);
                stream.awaitSent();
                outcomes.collect(stream.acknowledged(), OUTCOME_TIMEOUT);
                watch.awaitDrained(DRAIN_TIMEOUT);
                health = watch.stats();
            }
            if (!stream.sendFailures().isEmpty()) {
                log("    %d sends failed, e.g. %s", stream.sendFailures().size(), stream.sendFailures().values().iterator().next());
            }
            return ScenarioResult.of(scenario.title(), delivery, stream.acknowledged(), stream.poisonKeys(), outcomes, stream.sendFailures().size(),
                    disruption, (System.nanoTime() - start) / 1e9, health, stack.outOfMemoryErrors() - outOfMemoryBefore, scenario.violations(health));
        }
    }

    private static void print(List<ScenarioResult> results) {
        String format = "  %-20s %-14s %7s %10s %13s %5s %11s %10s %9s %8s %9s %5s %12s  %s%n";
        System.out.println();
        System.out.printf(format, "scenario", "delivery", "sent", "predicted", "dead-lettered", "lost", "duplicates", "misrouted", "peak lag",
                "live", "RSS MiB", "OOM", "disruptions", "");
        for (ScenarioResult r : results) {
            System.out.printf(format, r.scenario(), r.delivery(), r.sent(), r.predicted(), r.deadLettered(), r.lost(), r.duplicates(), r.misrouted(),
                    r.health().peakLag(), (r.health().livenessSamples() - r.health().livenessDown()) + "/" + r.health().livenessSamples(),
                    r.health().peakRssMiB(), r.outOfMemoryErrors(), r.disruptions(), r.disruption() + (r.violations().isEmpty() ? "" : "; FAILED: " + String.join("; ", r.violations())));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("passed", results.stream().allMatch(ScenarioResult::passed));
        summary.put("scenarios", results);
        System.out.println("RELIABILITY " + Json.toJson(summary));
    }

    private static void log(String format, Object... args) {
        System.out.printf("[reliability] " + format + "%n", args);
        System.out.flush();
    }
}
