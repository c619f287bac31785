package io.visionstream.common.kafka;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One running Kafka Streams join of a service, run the one way both services' joins need: a record it cannot read or
 * process is logged and skipped and a failed stream thread is replaced, so no input stops the join; the state lives
 * in a fresh directory (deleted on close) unless one is configured, and comes back from the changelog topics on start.
 */
public final class StreamsApp implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StreamsApp.class.getName());

    private final String name;
    private final KafkaStreams streams;
    private final Path stateDir;
    private final boolean ownStateDir;

    /**
     * @param name     what the join is called in log lines
     * @param kafka    Kafka client settings (bootstrap servers, security)
     * @param settings further Kafka Streams settings of this join (e.g. its processing guarantee)
     */
    public StreamsApp(String name, Topology topology, Map<String, String> kafka, String applicationId, Optional<Path> stateDir,
                      Duration commitInterval, Map<String, String> settings) {
        this.name = name;
        this.ownStateDir = stateDir.isEmpty();
        this.stateDir = stateDir.orElseGet(() -> freshDirectory(name));
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, this.stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        props.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class.getName());
        props.putAll(settings);
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.log(System.Logger.Level.ERROR, name + " stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public StreamsApp start() {
        streams.start();
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The running client, for queries of its stores. */
    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
        if (ownStateDir) {
            try (Stream<Path> paths = Files.walk(stateDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not delete the " + name + " state directory " + stateDir + ": " + e.getMessage());
            }
        }
    }

    private static Path freshDirectory(String name) {
        try {
            return Files.createTempDirectory("visionstream-" + name.replaceAll("[^A-Za-z0-9]+", "-") + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the " + name + " state directory", e);
        }
    }
}
