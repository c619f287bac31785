package io.visionstream.common.testing;

import io.visionstream.common.kafka.Topics;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka topic each messaging channel names in a service's {@code application.properties}
 * ({@code mp.messaging.incoming|outgoing.<channel>.topic}), so that the service's test can hold every one to a
 * {@link Topics} constant: the properties keep their literal values, and this keeps the two from drifting apart.
 */
public final class ChannelTopics {

    /** The service's own configuration, read from its source tree (the test's working directory is the module's). */
    private static final Path MAIN_PROPERTIES = Path.of("src", "main", "resources", "application.properties");
    private static final Pattern TOPIC_KEY = Pattern.compile("mp\\.messaging\\.(?:incoming|outgoing)\\.([^.]+)\\.topic");

    private ChannelTopics() {
    }

    /** Channel name to topic, for every {@code mp.messaging.*.*.topic} without a profile in the module's main properties. */
    public static Map<String, String> ofThisModule() throws IOException {
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(MAIN_PROPERTIES)) {
            loaded.load(reader);
        }
        Map<String, String> topics = new TreeMap<>();
        for (String key : loaded.stringPropertyNames()) {
            Matcher matcher = TOPIC_KEY.matcher(key);
            if (matcher.matches()) {
                topics.put(matcher.group(1), loaded.getProperty(key));
            }
        }
        return topics;
    }
}
