package io.visionstream.bench;

import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.local.auth.DevJwt;
import io.visionstream.local.kafka.ContractTopics;
import io.visionstream.local.kafka.EmbeddedKafkaBroker;
import io.visionstream.local.kafka.TopicClient;
import io.visionstream.local.process.ServiceProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one benchmarked model runs on: an embedded Kafka broker in this JVM and the inference service as its own
 * process, reading a registry, serving one announced model version, ready to score; closed in reverse order.
 */
final class BenchStack implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final ServiceProcess service;
    private final DevJwt jwt;

    private BenchStack(EmbeddedKafkaBroker broker, ServiceProcess service, DevJwt jwt) {
        this.broker = broker;
        this.service = service;
        this.jwt = jwt;
    }

    /**
     * Starts the broker and {@code jar} with {@code jvmOptions} and {@code settings} (service configuration beyond the
     * broker, registry and JWT key), announces {@code release} and waits until the service is ready; its output goes
     * to {@code out/<logName>}.
     */
    static BenchStack start(Path out, Path registryRoot, ModelManifest release, Path jar, List<String> jvmOptions, Map<String, String> settings,
                            String logName) throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        try {
            broker.createTopics(ContractTopics.all(2));
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("kafka.bootstrap.servers", broker.bootstrapServers());
            properties.put("visionstream.inference.registry-root", registryRoot.toAbsolutePath().toString());
            properties.put("visionstream.inference.default-model", release.name());
            properties.put("quarkus.log.level", "WARN");
            properties.putAll(settings);
            Path publicKey = out.resolve("jwt-public.pem");
            DevJwt jwt = DevJwt.generate();
            Files.writeString(publicKey, jwt.publicKeyPem());
            properties.put("mp.jwt.verify.publickey.location", publicKey.toAbsolutePath().toString());
            Path log = out.resolve(logName);
            ServiceProcess service = ServiceProcess.start(jar, jvmOptions, properties, log);
            try {
                service.awaitHealth("live", Duration.ofSeconds(90));
                try (TopicClient kafka = new TopicClient(broker.bootstrapServers())) {
                    kafka.announce(release);
                }
                service.awaitHealth("ready", Duration.ofSeconds(180));
                return new BenchStack(broker, service, jwt);
            } catch (Exception | Error e) {
                service.close();
                throw e;
            }
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    EmbeddedKafkaBroker broker() {
        return broker;
    }

    ServiceProcess service() {
        return service;
    }

    /** A bearer token with role ml-admin, valid for an hour. */
    String adminToken() {
        return jwt.token("bench", List.of("ml-admin"), Duration.ofHours(1));
    }

    /** Lines of the service's output that report an {@code OutOfMemoryError} (so far). */
    long outOfMemoryErrors() throws java.io.IOException {
        return service.outOfMemoryErrors();
    }

    @Override
    public void close() throws Exception {
        try {
            service.close();
        } finally {
            broker.close();
        }
    }
}
