package io.visionstream.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a service's own configuration defines, read from its sources: the keys of its application.properties and of
 * its {@code @ConfigMapping} interface, and the Kafka topics and consumer groups of its channels.
 */
record ServiceConfig(String name, Map<String, String> properties, Set<String> mappingKeys) {

    static ServiceConfig inference() throws IOException {
        return read("inference-service", "inference-service/src/main/java/io/visionstream/inference/config/InferenceConfig.java");
    }

    static ServiceConfig trainer() throws IOException {
        return read("trainer-service", "trainer-service/src/main/java/io/visionstream/trainer/config/TrainerConfig.java");
    }

    private static ServiceConfig read(String module, String mappingSource) throws IOException {
        Map<String, String> properties = PropertiesText.parse(
                Files.readString(Repo.root(module + "/src/main/resources/application.properties")));
        return new ServiceConfig(module, properties, ConfigMappingKeys.of(Files.readString(Repo.root(mappingSource))));
    }

    /** Every property name this service defines (application.properties and @ConfigMapping). */
    Set<String> knownKeys() {
        Set<String> keys = new LinkedHashSet<>(properties.keySet());
        keys.addAll(mappingKeys);
        return keys;
    }

    /** The topics of all its Kafka channels ({@code mp.messaging.*.*.topic}). */
    Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("mp.messaging.") && key.endsWith(".topic")) {
                topics.add(value);
            }
        });
        return topics;
    }

    /** The topic and consumer group of an incoming channel. */
    Optional<String> incoming(String channel, String attribute) {
        return Optional.ofNullable(properties.get("mp.messaging.incoming." + channel + "." + attribute));
    }
}
