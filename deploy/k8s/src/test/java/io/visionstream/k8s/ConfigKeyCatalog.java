package io.visionstream.k8s;

import java.util.Map;

/**
 * Keys a ConfigMap may set although the services' own configuration does not name them, each with the reason it is a
 * real key. Anything else in a ConfigMap must exist in the service's application.properties or @ConfigMapping.
 */
final class ConfigKeyCatalog {

    private static final String KAFKA_CLIENT = "Kafka client setting: Quarkus passes every kafka.* property to all "
            + "channels; security differs per deployment, so the packaged properties have none";

    static final Map<String, String> ALLOWED = Map.of(
            "kafka.security.protocol", KAFKA_CLIENT,
            "kafka.sasl.mechanism", KAFKA_CLIENT,
            "kafka.sasl.jaas.config", KAFKA_CLIENT,
            "kafka.ssl.truststore.type", KAFKA_CLIENT,
            "kafka.ssl.truststore.location", KAFKA_CLIENT,
            "quarkus.shutdown.timeout", "Quarkus graceful shutdown (io.quarkus.runtime.shutdown.ShutdownConfig#timeout): "
                    + "in-flight work finishes before the application stops");

    private ConfigKeyCatalog() {
    }

    static boolean allows(String key) {
        return ALLOWED.containsKey(key);
    }
}
