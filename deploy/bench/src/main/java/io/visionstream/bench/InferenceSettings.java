package io.visionstream.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings an inference service process gets on a local stack of the benchmarks and fleet tests: the brokers,
 * the registry, the default model and the development token key; a killed replica's partitions are reassigned once
 * its session times out, after 6 s (the broker's minimum) instead of Kafka's 45 s default, as a deployment that
 * restarts pods quickly would configure it.
 */
public final class InferenceSettings {

    private InferenceSettings() {
    }

    /** The properties, in a map the caller may add to. */
    public static Map<String, String> of(String bootstrapServers, Path registryRoot, String defaultModel, Path jwtPublicKey) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kafka.bootstrap.servers", bootstrapServers);
        properties.put("visionstream.inference.registry-root", registryRoot.toString());
        properties.put("visionstream.inference.default-model", defaultModel);
        properties.put("mp.jwt.verify.publickey.location", jwtPublicKey.toString());
        properties.put("mp.messaging.incoming.images.session.timeout.ms", "6000");
        properties.put("mp.messaging.incoming.images.heartbeat.interval.ms", "2000");
        return properties;
    }
}
