package io.visionstream.bench;

import io.visionstream.common.json.Json;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.local.auth.DevJwt;
import io.visionstream.local.cli.OptionPairs;
import io.visionstream.local.kafka.ContractTopics;
import io.visionstream.local.kafka.EmbeddedKafkaBroker;
import io.visionstream.local.kafka.TopicClient;
import io.visionstream.local.load.LoadGenerator;
import io.visionstream.local.process.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inference benchmark, one command, figures measured in one run on this machine with one model and batch size:
 * <ol>
 *   <li>raw ONNX Runtime throughput on preprocessed batches (the ceiling);</li>
 *   <li>full pipeline peak throughput: PNG image events into Kafka, decoded, preprocessed, micro-batched, scored and
 *       published by the inference service running as its own process, predictions read back;</li>
 *   <li>end-to-end latency p50/p99 at 50% of that peak rate;</li>
 *   <li>the service's resident memory (now and peak);</li>
 *   <li>RSS before, after 50 and after 100 hot swaps of model versions through the rollout API (no native leak).</li>
 * </ol>
 * The last line printed is {@code BENCH {json}}.
 *
 * <pre>usage: InferenceBenchmark [--images N] [--batch B] [--latency-seconds S] [--service-jar PATH] [--service-java-opts OPTS] [--out DIR]</pre>
 */
public final class InferenceBenchmark {

    private static final String MODEL = "lenet-bench";
    private static final int DISTINCT_IMAGES = 512;
    private static final Duration BASELINE_DURATION = Duration.ofSeconds(8);
    /** Each cycle loads and closes two model sessions: 50 swaps per round, RSS measured after each round. */
    private static final int SWAP_CYCLES = 25;
    private static final int SWAP_ROUNDS = 2;
    /** The service's JVM as the local stack and the demo run it: a 256 MiB heap, to show the footprint. */
    private static final String DEFAULT_SERVICE_JVM = "-Xmx256m -XX:+UseG1GC";

    private static final String USAGE =
            "usage: InferenceBenchmark [--images N] [--batch B] [--latency-seconds S] [--service-jar PATH] [--service-java-opts OPTS] [--out DIR]";

    private InferenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = OptionPairs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "; " + USAGE);
            System.exit(2);
            return;
        }
        int images = Integer.parseInt(options.getOrDefault("--images", "20000"));
        int batch = Integer.parseInt(options.getOrDefault("--batch", "32"));
        int latencySeconds = Integer.parseInt(options.getOrDefault("--latency-seconds", "15"));
        Path jar = Path.of(options.getOrDefault("--service-jar", "inference-service/target/quarkus-app/quarkus-run.jar"));
        List<String> serviceJvm = List.of(options.getOrDefault("--service-java-opts", DEFAULT_SERVICE_JVM).trim().split("\\s+"));
        Path out = Files.createDirectories(Path.of(options.getOrDefault("--out", "runs/bench-inference")));

        log("model: LeNet-5-sized ONNX (61,706 parameters), input 1x28x28, batch %d; %d images per throughput run", batch, images);
        byte[] onnx = BenchModel.onnx(42);
        List<byte[]> pngs = BenchModel.syntheticPngs(DISTINCT_IMAGES, 3);
        log("payload: %d distinct 28x28 grey PNGs, %.0f bytes on average", pngs.size(), pngs.stream().mapToInt(b -> b.length).average().orElse(0));

        log("1/4 raw ONNX Runtime, %d s ...", BASELINE_DURATION.toSeconds());
        double raw = RawOrtBaseline.imagesPerSecond(onnx, batch, BenchModel.SIDE * BenchModel.SIDE, new long[] {1, BenchModel.SIDE, BenchModel.SIDE}, BASELINE_DURATION);
        log("    raw ORT: %,.0f images/s", raw);

        Path registryRoot = out.resolve("registry");
        deleteRecursively(registryRoot); // every run measures versions 1 and 2 of a fresh registry
        Files.createDirectories(registryRoot);
        ModelVersion version = BenchModel.publish(new ModelRegistry(registryRoot), MODEL, 42);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(ContractTopics.all(2));
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("kafka.bootstrap.servers", broker.bootstrapServers());
            properties.put("visionstream.inference.registry-root", registryRoot.toAbsolutePath().toString());
            properties.put("visionstream.inference.default-model", MODEL);
            properties.put("visionstream.inference.batching.max-batch-size", Integer.toString(batch));
            properties.put("quarkus.log.level", "WARN");
            Path publicKey = out.resolve("jwt-public.pem");
            DevJwt jwt = DevJwt.generate();
            Files.writeString(publicKey, jwt.publicKeyPem());
            properties.put("mp.jwt.verify.publickey.location", publicKey.toAbsolutePath().toString());
            log("starting the inference service (%s) ...", jar);
            try (ServiceProcess service = ServiceProcess.start(jar, serviceJvm, properties, out.resolve("inference-service.log"))) {
                service.awaitHealth("live", Duration.ofSeconds(90));
                try (TopicClient kafka = new TopicClient(broker.bootstrapServers())) {
                    kafka.announce(version.manifest());
                }
                service.awaitHealth("ready", Duration.ofSeconds(90));
                try (LoadGenerator load = new LoadGenerator(broker.bootstrapServers(), pngs, "image/png", MODEL)) {
                    log("warm-up: %d images ...", images / 4);
                    load.run("warm-", images / 4, 0, Duration.ofMinutes(3));

                    log("2/4 pipeline peak: %d images as fast as possible ...", images);
                    double serviceCpuBefore = service.cpuSeconds();
                    long benchCpuBefore = benchCpuNanos();
                    LoadGenerator.Run peak = load.run("peak-", images, 0, Duration.ofMinutes(5));
                    requireComplete(peak, images, "peak");
                    double pipeline = peak.throughput();
                    double peakSeconds = (peak.lastReceiveNanos() - peak.firstSendNanos()) / 1e9;
                    double serviceCores = (service.cpuSeconds() - serviceCpuBefore) / peakSeconds;
                    double benchCores = (benchCpuNanos() - benchCpuBefore) / 1e9 / peakSeconds;
                    log("    pipeline: %,.0f images/s (%.3f of raw ORT); CPU cores busy: service %.2f, broker + load generator %.2f",
                            pipeline, pipeline / raw, serviceCores, benchCores);

                    double rate = pipeline / 2;
                    int count = (int) (rate * latencySeconds);
                    log("3/4 latency at 50%% of peak: %,.0f images/s for %d s (%d images) ...", rate, latencySeconds, count);
                    LoadGenerator.Run paced = load.run("paced-", count, rate, Duration.ofSeconds(latencySeconds + 120L));
                    requireComplete(paced, count, "paced");
                    double[] latency = paced.latencyPercentilesMs(50, 99);
                    log("    end-to-end latency: p50 %.1f ms, p99 %.1f ms", latency[0], latency[1]);

                    double[] rss = service.rssMiB();
                    log("4/5 service memory: RSS %.0f MiB now, %.0f MiB peak", rss[0], rss[1]);

                    log("5/5 hot swaps: 2 x %d version loads + closes through the rollout API ...", SWAP_CYCLES * 2);
                    double[] swapRss = swapVersions(service, registryRoot, jwt.token("bench", List.of("ml-admin"), Duration.ofHours(1)), broker);
                    log("    RSS before %.0f MiB, after %d swaps %.0f MiB, after %d swaps %.0f MiB (second 50: %+.0f MiB)", swapRss[0],
                            SWAP_CYCLES * 2, swapRss[1], SWAP_CYCLES * 4, swapRss[2], swapRss[2] - swapRss[1]);

                    Map<String, Object> figures = new LinkedHashMap<>();
                    figures.put("model", "lenet5-size");
                    figures.put("batchSize", batch);
                    figures.put("images", images);
                    figures.put("rawOrtImagesPerSec", round(raw));
                    figures.put("pipelineImagesPerSec", round(pipeline));
                    figures.put("pipelineToRawRatio", Math.round(pipeline / raw * 1000) / 1000.0);
                    figures.put("peakServiceCpuCores", Math.round(serviceCores * 100) / 100.0);
                    figures.put("peakBrokerAndLoadgenCpuCores", Math.round(benchCores * 100) / 100.0);
                    figures.put("latencyRateImagesPerSec", round(rate));
                    figures.put("p50Ms", Math.round(latency[0] * 10) / 10.0);
                    figures.put("p99Ms", Math.round(latency[1] * 10) / 10.0);
                    figures.put("serviceRssMiB", round(rss[0]));
                    figures.put("servicePeakRssMiB", round(rss[1]));
                    figures.put("rssBeforeSwapsMiB", round(swapRss[0]));
                    figures.put("rssAfter50SwapsMiB", round(swapRss[1]));
                    figures.put("rssAfter100SwapsMiB", round(swapRss[2]));
                    figures.put("cpus", Runtime.getRuntime().availableProcessors());
                    Files.writeString(out.resolve("bench.json"), Json.toJson(figures));
                    System.out.println();
                    System.out.printf("  %-34s %12s%n", "figure", "value");
                    figures.forEach((k, v) -> System.out.printf("  %-34s %12s%n", k, v));
                    System.out.println("BENCH " + Json.toJson(figures));
                }
            }
        }
        System.exit(0);
    }

    /**
     * Publishes a second version, then cycles canary v2 -> promote (v1 closed) -> rollback (v1 loaded, v2 closed):
     * each cycle loads and closes two sessions. Returns the service's RSS before, after 50 and after 100 swaps, in
     * MiB: growth in the second 50 would be a leak (the first 50 also warm up code paths and heap).
     */
    private static double[] swapVersions(ServiceProcess service, Path registryRoot, String token, EmbeddedKafkaBroker broker) throws Exception {
        ModelVersion second = BenchModel.publish(new ModelRegistry(registryRoot), MODEL, 43);
        try (TopicClient kafka = new TopicClient(broker.bootstrapServers())) {
            kafka.announce(second.manifest());
        }
        awaitRollout(service, "\"canary\":{\"version\":" + second.manifest().version());
        double before = service.rssMiB()[0];
        double[] after = new double[SWAP_ROUNDS];
        for (int round = 0; round < SWAP_ROUNDS; round++) {
            swapCycles(service, token, round == 0);
            System.gc();
            Thread.sleep(2000);
            after[round] = service.rssMiB()[0];
        }
        return new double[] {before, after[0], after[1]};
    }

    private static void swapCycles(ServiceProcess service, String token, boolean firstRound) throws Exception {
        String path = "/api/models/" + MODEL;
        for (int cycle = 0; cycle < SWAP_CYCLES; cycle++) {
            if (cycle > 0 || !firstRound) {
                expectOk(service.call("PUT", path + "/rollout", token, "{\"canary\":{\"version\":2,\"weightPercent\":10}}"));
                awaitRollout(service, "\"canary\":{\"version\":2");
            }
            expectOk(service.call("POST", path + "/promote", token, null));
            awaitRollout(service, "\"stable\":2");
            expectOk(service.call("POST", path + "/rollback", token, null));
            awaitRollout(service, "\"stable\":1");
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void awaitRollout(ServiceProcess service, String fragment) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = service.call("GET", "/api/models/" + MODEL + "/rollout", null, null).body();
            if (last.contains(fragment)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("rollout of " + MODEL + " never showed " + fragment + "; last: " + last);
    }

    private static void expectOk(java.net.http.HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("rollout API answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static void requireComplete(LoadGenerator.Run run, int expected, String phase) {
        if (run.received().size() < expected) {
            throw new IllegalStateException(phase + ": only " + run.received().size() + " of " + expected + " predictions arrived");
        }
    }

    /** CPU time of this JVM (the embedded broker and the load generator). */
    private static long benchCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long round(double value) {
        return Math.round(value);
    }

    private static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
        System.out.flush();
    }
}
