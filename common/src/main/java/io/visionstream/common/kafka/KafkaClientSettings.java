package io.visionstream.common.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Kafka client settings of a service, read from its configuration's {@code kafka.*} keys (bootstrap servers,
 * security) with the prefix dropped, so that the clients a service makes itself (Kafka Streams, plain consumers)
 * reach the same brokers the same way as its messaging channels.
 */
public final class KafkaClientSettings {

    public static final String PREFIX = "kafka.";

    private KafkaClientSettings() {
    }

    /** Every {@code kafka.*} key among {@code names} with its value, the prefix dropped. */
    public static Map<String, String> of(Iterable<String> names, Function<String, Optional<String>> value) {
        Map<String, String> settings = new HashMap<>();
        for (String name : names) {
            if (name.startsWith(PREFIX)) {
                value.apply(name).ifPresent(v -> settings.put(name.substring(PREFIX.length()), v));
            }
        }
        return settings;
    }
}
