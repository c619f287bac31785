package io.visionstream.demo;

import io.visionstream.local.auth.DevJwt;
import io.visionstream.local.process.BrokerProcess;
import io.visionstream.local.process.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The product as separate processes on localhost, as a user runs it: the embedded Kafka broker (contract topics with
 * explicit settings), the inference service and the trainer service, sharing a registry directory and a throw-away
 * JWT key. Closing stops the services first (they drain and commit), the broker last.
 */
final class DemoStack implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final BrokerProcess broker;
    private final ServiceProcess inference;
    private final ServiceProcess trainer;
    private final String adminToken;
    private boolean closed;

    private DemoStack(BrokerProcess broker, ServiceProcess inference, ServiceProcess trainer, String adminToken) {
        this.broker = broker;
        this.inference = inference;
        this.trainer = trainer;
        this.adminToken = adminToken;
    }

    static DemoStack start(DemoOptions options, Path out, Console console) throws IOException, InterruptedException {
        Path registry = Files.createDirectories(out.resolve("registry"));
        Path logs = Files.createDirectories(out.resolve("logs"));
        DevJwt jwt = DevJwt.generate();
        Path publicKey = out.resolve("jwt-public.pem");
        Files.writeString(publicKey, jwt.publicKeyPem());

        console.step("starting the embedded Kafka broker (KRaft; topics with %d partitions) ...", options.partitions());
        BrokerProcess broker = BrokerProcess.start(out.resolve("broker"), logs.resolve("kafka.log"), options.partitions());
        console.step("Kafka ready at %s", broker.bootstrapServers());
        Map<String, String> shared = Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                "mp.jwt.verify.publickey.location", publicKey.toString());
        ServiceProcess inference = null;
        ServiceProcess trainer = null;
        try {
            inference = ServiceProcess.start(options.repository().resolve("inference-service/target/quarkus-app/quarkus-run.jar"),
                    List.of("-Xmx768m"), with(shared, Map.of("visionstream.inference.registry-root", registry.toString(),
                            "visionstream.inference.default-model", options.model(),
                            "visionstream.inference.retrain.models.\"" + options.model() + "\".min-online-accuracy",
                            Double.toString(DriftPhase.MIN_ONLINE_ACCURACY),
                            "visionstream.inference.drift.window-size", Integer.toString(DriftPhase.DRIFT_WINDOW))),
                    logs.resolve("inference-service.log"));
            trainer = ServiceProcess.start(options.repository().resolve("trainer-service/target/quarkus-app/quarkus-run.jar"),
                    List.of("-Dai.djl.offline=true"), with(shared, Map.of("visionstream.trainer.registry-root", registry.toString(),
                            "visionstream.trainer.runs-root", out.resolve("training").toString(),
                            "visionstream.trainer.data-dir", options.dataDir().toString(),
                            "visionstream.trainer.continual.triggered-last", Integer.toString(DriftPhase.TRIGGERED_LAST))),
                    logs.resolve("trainer-service.log"));
            // Live, not ready: the inference service is ready only once a model version is served.
            inference.awaitHealth("live", STARTUP);
            console.step("inference-service live at http://localhost:%d (log: %s)", inference.port(), logs.resolve("inference-service.log"));
            trainer.awaitHealth("ready", STARTUP);
            console.step("trainer-service ready at http://localhost:%d (log: %s)", trainer.port(), logs.resolve("trainer-service.log"));
            return new DemoStack(broker, inference, trainer, jwt.token("demo-operator", List.of("ml-admin"), Duration.ofHours(2)));
        } catch (IOException | RuntimeException | InterruptedException e) {
            for (ServiceProcess started : new ServiceProcess[] {trainer, inference}) {
                if (started != null) {
                    started.stop();
                }
            }
            broker.stop();
            throw e;
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    ServiceProcess inference() {
        return inference;
    }

    ServiceProcess trainer() {
        return trainer;
    }

    /** A bearer token with role ml-admin, signed by this run's key. */
    String adminToken() {
        return adminToken;
    }

    /** Stops the services gracefully, then the broker; returns the exit statuses (0 = clean). Idempotent. */
    synchronized Map<String, Integer> stop() throws InterruptedException {
        if (closed) {
            return Map.of();
        }
        closed = true;
        int trainerExit = trainer.stop();
        int inferenceExit = inference.stop();
        broker.stop();
        return Map.of("trainer-service", trainerExit, "inference-service", inferenceExit);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new java.util.LinkedHashMap<>(base);
        all.putAll(more);
        return all;
    }
}
