package io.visionstream.bench.reliability;

import io.visionstream.bench.BenchModel;
import io.visionstream.bench.InferenceSettings;
import io.visionstream.bench.ZooDraft;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.local.auth.DevJwt;
import io.visionstream.local.kafka.TopicClient;
import io.visionstream.local.process.BrokerProcess;
import io.visionstream.local.process.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the reliability scenarios disturb: the broker and the inference service as separate processes, the broker
 * restartable with its data, the service restartable after a kill; a registry with two versions of one model (v1
 * stable, v2 a canary by the release policy).
 */
final class ReliabilityStack implements AutoCloseable {

    static final String MODEL = "reliability";
    /** The 224 px model of the overload scenario, served beside {@link #MODEL} when its draft is given. */
    static final String OVERLOAD_MODEL = "overload";
    /** The service's heap, as the local stack and the demo run it (sized for a ResNet-class model at 224 px). */
    private static final String SERVICE_HEAP = "-Xmx768m";
    private static final Duration READY = Duration.ofSeconds(120);

    private final BrokerProcess broker;
    private final Path serviceJar;
    private final Map<String, String> serviceProperties;
    private final Path logs;
    private final String adminToken;
    private ServiceProcess inference;
    private int starts;

    private ReliabilityStack(BrokerProcess broker, Path serviceJar, Map<String, String> serviceProperties, Path logs, String adminToken) {
        this.broker = broker;
        this.serviceJar = serviceJar;
        this.serviceProperties = serviceProperties;
        this.logs = logs;
        this.adminToken = adminToken;
    }

    /**
     * {@code exactlyOnce} runs the service with the {@code exactly-once} profile (transactional delivery);
     * {@code overloadDraft} (a {@code model.onnx} + {@code manifest.json} folder, or null) is served as {@link #OVERLOAD_MODEL}.
     */
    static ReliabilityStack start(Path out, Path serviceJar, int partitions, boolean exactlyOnce, Path overloadDraft)
            throws IOException, InterruptedException {
        Path logs = Files.createDirectories(out.resolve("logs"));
        Path registryRoot = Files.createDirectories(out.resolve("registry"));
        ModelRegistry registry = new ModelRegistry(registryRoot);
        ModelVersion v1 = BenchModel.publish(registry, MODEL, 1);
        ModelVersion v2 = BenchModel.publish(registry, MODEL, 2);
        ModelVersion overload = overloadDraft == null ? null : publishDraft(registry, overloadDraft);
        DevJwt jwt = DevJwt.generate();
        Path publicKey = out.resolve("jwt-public.pem");
        Files.writeString(publicKey, jwt.publicKeyPem());

        BrokerProcess broker = BrokerProcess.start(out.resolve("broker"), logs.resolve("kafka.log"), partitions);
        Map<String, String> properties = InferenceSettings.of(broker.bootstrapServers(), registryRoot, MODEL, publicKey);
        if (exactlyOnce) {
            properties.put("quarkus.profile", "exactly-once");
        }
        ReliabilityStack stack = new ReliabilityStack(broker, serviceJar, properties, logs, jwt.token("reliability", List.of("ml-admin"), Duration.ofHours(2)));
        try {
            stack.startInference();
            try (TopicClient kafka = new TopicClient(broker.bootstrapServers())) {
                kafka.announce(v1.manifest());
                stack.awaitReady();
                kafka.announce(v2.manifest());
                if (overload != null) {
                    kafka.announce(overload.manifest());
                    stack.inference.awaitOk("/v2/models/" + OVERLOAD_MODEL + "/ready", "serving " + OVERLOAD_MODEL, READY);
                }
            }
            return stack;
        } catch (IOException | RuntimeException | InterruptedException e) {
            stack.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    ServiceProcess inference() {
        return inference;
    }

    String adminToken() {
        return adminToken;
    }

    /** SIGKILL the inference service (no drain, no commit), start a new one and wait until it serves again. */
    void killAndRestartInference() throws IOException, InterruptedException {
        inference.kill();
        startInference();
        awaitReady();
    }

    /** Stops the broker gracefully and starts it again with the same data on the same port. */
    void restartBroker() throws IOException, InterruptedException {
        broker.restart();
    }

    private void startInference() throws IOException {
        starts++;
        inference = ServiceProcess.start(serviceJar, List.of(SERVICE_HEAP), serviceProperties, serviceLog(starts));
    }

    /** OutOfMemoryErrors reported in all of this stack's service logs so far. */
    int outOfMemoryErrors() throws IOException {
        long count = 0;
        for (int start = 1; start <= starts; start++) {
            count += ServiceProcess.outOfMemoryErrors(serviceLog(start));
        }
        return (int) count;
    }

    private Path serviceLog(int start) {
        return logs.resolve("inference-service-" + start + ".log");
    }

    private static ModelVersion publishDraft(ModelRegistry registry, Path draft) throws IOException {
        String name = ZooDraft.manifest(draft).name();
        if (!name.equals(OVERLOAD_MODEL)) {
            throw new IllegalArgumentException(draft + " holds model '" + name + "'; the overload draft must be named '" + OVERLOAD_MODEL + "'");
        }
        return ZooDraft.publish(registry, draft);
    }

    private void awaitReady() throws IOException, InterruptedException {
        inference.awaitHealth("ready", READY);
    }

    @Override
    public void close() throws InterruptedException {
        if (inference != null) {
            inference.stop();
        }
        broker.stop();
    }
}
