package io.visionstream.trainer.stream;

import io.visionstream.trainer.config.TrainerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One running instance of the labelled-images join ({@link LabelledImagesTopology}): its topics made sure of, Kafka
 * Streams started with the join's settings, exactly once (its output is transactional: readers use
 * {@code read_committed}). A record it cannot read is logged and skipped and a failed stream thread
 * is replaced, so no input stops the join; its state lives in a fresh directory unless configured and comes back from
 * the changelog topics on start.
 */
public final class LabelledImagesStreams implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LabelledImagesStreams.class);

    private final KafkaStreams streams;
    private final Path stateDir;
    private final boolean ownStateDir;

    private LabelledImagesStreams(TrainerConfig.Continual config, Map<String, String> kafka) {
        this.ownStateDir = config.stateDir().isEmpty();
        this.stateDir = config.stateDir().orElseGet(LabelledImagesStreams::freshDirectory);
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(config.commitInterval().toMillis()));
        // a pair's output record and its entry in the written-ids store commit together: a restart never writes an image twice
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class.getName());
        this.streams = new KafkaStreams(LabelledImagesTopology.build(config), props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.errorf(e, "labelled-images stream thread failed; replacing it");
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /**
     * Starts the join; {@code kafka} holds the client settings (bootstrap servers, security).
     *
     * @throws IllegalStateException when its topics are missing and cannot be made, or are partitioned unlike each other
     */
    public static LabelledImagesStreams start(TrainerConfig.Continual config, Map<String, String> kafka) {
        LabelledImagesTopics.ensure(config, kafka);
        LabelledImagesStreams started = new LabelledImagesStreams(config, kafka);
        started.streams.start();
        return started;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
        if (ownStateDir) {
            try (Stream<Path> paths = Files.walk(stateDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warnf("could not delete the labelled-images state directory %s: %s", stateDir, e.getMessage());
            }
        }
    }

    private static Path freshDirectory() {
        try {
            return Files.createTempDirectory("visionstream-labelled-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the labelled-images state directory", e);
        }
    }
}
