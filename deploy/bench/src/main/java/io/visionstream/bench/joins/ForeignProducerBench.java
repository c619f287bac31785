package io.visionstream.bench.joins;

import com.fasterxml.jackson.databind.JsonNode;
import io.visionstream.bench.BenchModel;
import io.visionstream.bench.InferenceSettings;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.local.auth.DevJwt;
import io.visionstream.local.kafka.TopicClient;
import io.visionstream.local.process.BrokerProcess;
import io.visionstream.local.process.ServiceProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The joins fed by a client that is not Java's (issue #25's run): for each partition count, a broker, the inference
 * service (online-quality join) and the trainer service (labelled-images join) as processes; {@code foreign-producer.py}
 * (confluent-kafka, librdkafka's CRC32 partitioner) sends images and, 2-20 s later, their labels (one in ten never,
 * one in ten twice). Prints, per partition count, the labelled answers and duplicates the service counted against what
 * was sent, the labelled images the trainer's join wrote, the seconds from the last label until the figures settled,
 * and the bytes the repartition topics carried per record beside the records' own size. Last line {@code JOINS {json}};
 * exit status 0 only when every count equals what was sent.
 *
 * <pre>deploy/bench/run-foreign-joins.sh [--partitions 2,12] [--images 3000] [--rate 200] [--camera true] [--out DIR]</pre>
 * ({@code --camera true}: 640x480 JPEGs instead of 28x28 PNGs)
 */
public final class ForeignProducerBench {

    private static final String MODEL = "loop";
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(150);
    private static final Duration READY = Duration.ofSeconds(180);

    private ForeignProducerBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            given.put(args[i], args[i + 1]);
        }
        List<Integer> partitionCounts = java.util.Arrays.stream(given.getOrDefault("--partitions", "2,12").split(",")).map(Integer::parseInt).toList();
        int images = Integer.parseInt(given.getOrDefault("--images", "3000"));
        double rate = Double.parseDouble(given.getOrDefault("--rate", "200"));
        Path out = Path.of(given.getOrDefault("--out", "runs/foreign-joins-" + System.currentTimeMillis()));
        boolean camera = Boolean.parseBoolean(given.getOrDefault("--camera", "false"));
        Path root = Path.of("").toAbsolutePath();
        List<Map<String, Object>> results = new ArrayList<>();
        for (int partitions : partitionCounts) {
            log("%d partitions: starting the broker, the inference service and the trainer service ...", partitions);
            results.add(run(root, out.resolve("partitions-" + partitions), partitions, images, rate, camera));
        }
        System.out.printf("%-10s %6s %8s %8s %8s %8s %10s %10s %8s %10s %10s %10s %10s%n", "partitions", "images", "labelled", "counted",
                "dups", "dupsSeen", "joinedImgs", "settle s", "label B", "label rp B", "image B", "image rp B", "ok");
        boolean allOk = true;
        for (Map<String, Object> r : results) {
            System.out.printf("%-10s %6s %8s %8s %8s %8s %10s %10s %8s %10s %10s %10s %10s%n", r.get("partitions"), r.get("imagesSent"),
                    r.get("labelledImages"), r.get("labelledCounted"), r.get("labelledTwice"), r.get("duplicatesCounted"), r.get("imagesJoined"),
                    r.get("settleSeconds"), r.get("labelBytesPerRecord"), r.get("labelRepartitionBytesPerRecord"), r.get("imageBytesPerRecord"),
                    r.get("imageRepartitionBytesPerRecord"), r.get("ok"));
            allOk &= Boolean.TRUE.equals(r.get("ok"));
        }
        System.out.println("JOINS " + Json.toJson(results));
        System.exit(allOk ? 0 : 1);
    }

    private static Map<String, Object> run(Path root, Path out, int partitions, int images, double rate, boolean camera) throws Exception {
        Path logs = Files.createDirectories(out.resolve("logs"));
        Path registryRoot = Files.createDirectories(out.resolve("registry"));
        ModelVersion v1 = BenchModel.publish(new ModelRegistry(registryRoot), MODEL, 1);
        DevJwt jwt = DevJwt.generate();
        Path publicKey = out.resolve("jwt-public.pem");
        Files.writeString(publicKey, jwt.publicKeyPem());
        try (BrokerProcess broker = BrokerProcess.start(out.resolve("broker"), logs.resolve("kafka.log"), partitions)) {
            Map<String, String> inferenceProperties = InferenceSettings.of(broker.bootstrapServers(), registryRoot, MODEL, publicKey);
            Map<String, String> trainerProperties = new LinkedHashMap<>(Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                    "mp.jwt.verify.publickey.location", publicKey.toString()));
            trainerProperties.put("visionstream.trainer.registry-root", registryRoot.toString());
            trainerProperties.put("ai.djl.offline", "true");
            try (RepartitionMeter meter = new RepartitionMeter(broker.bootstrapServers());
                 ServiceProcess inference = ServiceProcess.start(root.resolve("inference-service/target/quarkus-app/quarkus-run.jar"), List.of("-Xmx768m"),
                         inferenceProperties, logs.resolve("inference-service.log"));
                 ServiceProcess trainer = ServiceProcess.start(root.resolve("trainer-service/target/quarkus-app/quarkus-run.jar"), List.of("-Xmx2g"),
                         trainerProperties, logs.resolve("trainer-service.log"));
                 TopicClient kafka = new TopicClient(broker.bootstrapServers())) {
                kafka.announce(v1.manifest());
                inference.awaitHealth("ready", READY);
                trainer.awaitHealth("ready", READY);
                meter.start();
                log("%d partitions: foreign-producer.py sends %d images at %.0f/s and their labels ...", partitions, images, rate);
                JsonNode sent = produce(root, broker.bootstrapServers(), images, rate, camera, logs.resolve("foreign-producer.log"));
                long lastLabel = sent.get("lastLabelEpochMs").asLong();
                long labelled = sent.get("labelledImages").asLong();
                long twice = sent.get("labelledTwice").asLong();
                long settledAt = -1;
                long[] counted = {0, 0};
                long joined = 0;
                long deadline = lastLabel + SETTLE_LIMIT.toMillis();
                long[] previous = {-1, -1, -1};
                while (System.currentTimeMillis() < deadline) {
                    counted = counted(inference);
                    // images.labelled is transactional: count its committed records (its end offsets count commit markers too)
                    joined = kafka.readAll(Topics.IMAGES_LABELLED, Duration.ofSeconds(30)).size();
                    if (counted[0] != previous[0] || counted[1] != previous[1] || joined != previous[2]) {
                        settledAt = System.currentTimeMillis();
                        previous = new long[]{counted[0], counted[1], joined};
                    }
                    if (counted[0] == labelled && counted[1] == twice && joined == labelled) {
                        break;
                    }
                    Thread.sleep(500);
                }
                long joinedRecords = joined;
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("partitions", partitions);
                result.put("client", sent.get("client").asText());
                result.put("imagesSent", sent.get("imagesSent").asLong());
                result.put("labelledImages", labelled);
                result.put("labelledCounted", counted[0]);
                result.put("labelledTwice", twice);
                result.put("duplicatesCounted", counted[1]);
                result.put("imagesJoined", joinedRecords);
                result.put("settleSeconds", Math.round(Math.max(0, settledAt - lastLabel) / 100.0) / 10.0);
                result.put("labelBytesPerRecord", Math.round(sent.get("labelBytes").asDouble() / (labelled + twice)));
                result.put("imageBytesPerRecord", Math.round(sent.get("imageBytes").asDouble() / sent.get("imagesSent").asLong()));
                result.putAll(meter.perRecord());
                result.put("ok", counted[0] == labelled && counted[1] == twice && joinedRecords == labelled);
                log("%d partitions: %s", partitions, result);
                return result;
            }
        }
    }

    /** Labelled answers and duplicates of v1 on the stable route, as {@code GET /api/models/loop/quality} says. */
    private static long[] counted(ServiceProcess inference) throws IOException, InterruptedException {
        var response = inference.call("GET", "/api/models/" + MODEL + "/quality", null, null);
        if (response.statusCode() != 200) {
            return new long[]{0, 0};
        }
        for (JsonNode version : Json.mapper().readTree(response.body()).path("versions")) {
            if (version.path("version").asInt() == 1 && version.path("route").asText().equalsIgnoreCase("stable")) {
                return new long[]{version.path("labelled").asLong(), version.path("duplicate").asLong()};
            }
        }
        return new long[]{0, 0};
    }

    private static JsonNode produce(Path root, String bootstrap, int images, double rate, boolean camera, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", root.resolve("deploy/bench/foreign-producer.py").toString(), "--bootstrap", bootstrap,
                "--images", Integer.toString(images), "--rate", Double.toString(rate)));
        if (camera) {
            command.add("--camera");
        }
        Process python = new ProcessBuilder(command).redirectError(log.toFile()).start();
        String line = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (python.waitFor() != 0 || line.isEmpty()) {
            throw new IllegalStateException("foreign-producer.py failed (exit " + python.exitValue() + "; see " + log + "): " + line);
        }
        return Json.mapper().readTree(line);
    }

    static void log(String format, Object... args) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}
