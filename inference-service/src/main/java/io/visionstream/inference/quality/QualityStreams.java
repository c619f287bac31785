package io.visionstream.inference.quality;

import io.visionstream.inference.config.InferenceConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jboss.logging.Logger;

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
 * One running instance of the quality topology: Kafka Streams with the join's settings, and a read of the model sums
 * it keeps. A record the topology cannot process is logged and skipped and a failed stream thread is replaced, so no
 * input stops the join; the state lives in a fresh directory unless configured, and comes back from the changelog
 * topics on start.
 */
public final class QualityStreams implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(QualityStreams.class);

    private final KafkaStreams streams;
    private final Path stateDir;
    private final boolean ownStateDir;

    /** {@code kafka} holds the client settings shared with the rest of the service (bootstrap servers, security). */
    public QualityStreams(InferenceConfig.Quality config, Map<String, String> kafka, Topology topology) {
        this.ownStateDir = config.stateDir().isEmpty();
        this.stateDir = config.stateDir().orElseGet(QualityStreams::freshDirectory);
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(config.commitInterval().toMillis()));
        props.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class.getName());
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.errorf(e, "online-quality stream thread failed; replacing it");
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The sums of {@code key} (a model name or {@link ModelQuality#UNATTRIBUTED}) as far as this replica has read them. */
    Optional<ModelQuality> sums(String key) {
        return view().map(store -> store.get(key));
    }

    /** Every model with sums, or nothing while the stream is not running. */
    Optional<ReadOnlyKeyValueStore<String, ModelQuality>> view() {
        if (streams.state() != KafkaStreams.State.RUNNING && streams.state() != KafkaStreams.State.REBALANCING) {
            return Optional.empty();
        }
        try {
            return Optional.of(streams.store(StoreQueryParameters.fromNameAndType(QualityTopology.VIEW_STORE, QueryableStoreTypes.keyValueStore())));
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
        if (ownStateDir) {
            deleteTree(stateDir);
        }
    }

    private static Path freshDirectory() {
        try {
            return Files.createTempDirectory("visionstream-quality-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the online-quality state directory", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not delete the online-quality state directory %s: %s", root, e.getMessage());
        }
    }
}
