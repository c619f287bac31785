package io.visionstream.inference.quality;

import io.visionstream.common.kafka.StreamsApp;
import io.visionstream.inference.config.InferenceConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.Map;
import java.util.Optional;

/**
 * One running instance of the quality topology (run as every join of the product is: {@link StreamsApp}), and a read
 * of the model sums it keeps.
 */
public final class QualityStreams implements AutoCloseable {

    private final StreamsApp app;

    /** {@code kafka} holds the client settings shared with the rest of the service (bootstrap servers, security). */
    public QualityStreams(InferenceConfig.Quality config, Map<String, String> kafka, Topology topology) {
        this.app = new StreamsApp("online-quality", topology, kafka, config.applicationId(), config.stateDir(), config.commitInterval(), Map.of());
    }

    public void start() {
        app.start();
    }

    public KafkaStreams.State state() {
        return app.state();
    }

    /** The sums of {@code key} (a model name or {@link ModelQuality#UNATTRIBUTED}) as far as this replica has read them. */
    Optional<ModelQuality> sums(String key) {
        return view().map(store -> store.get(key));
    }

    /** Every model with sums, or nothing while the stream is not running. */
    Optional<ReadOnlyKeyValueStore<String, ModelQuality>> view() {
        KafkaStreams.State state = app.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return Optional.empty();
        }
        try {
            return Optional.of(app.streams().store(StoreQueryParameters.fromNameAndType(QualityTopology.VIEW_STORE,
                    QueryableStoreTypes.keyValueStore())));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
