package io.visionstream.inference.quality;

import io.visionstream.common.kafka.StreamsApp;
import io.visionstream.inference.config.InferenceConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One running instance of the quality topology (run as every join of the product is: {@link StreamsApp}), and a read
 * of the model sums it keeps.
 */
public final class QualityStreams implements AutoCloseable {

    private final StreamsApp app;

    /**
     * @param delivery the service's delivery guarantee: with {@code exactly-once} the join reads only committed
     *                 predictions ({@code read_committed}) and commits its outputs, state and offsets in transactions
     * @param kafka    the client settings shared with the rest of the service (bootstrap servers, security)
     */
    public QualityStreams(InferenceConfig.Quality config, InferenceConfig.Delivery delivery, Map<String, String> kafka, Topology topology) {
        this.app = new StreamsApp("online-quality", topology, kafka, config.applicationId(), config.stateDir(), config.commitInterval(),
                settings(config, delivery));
    }

    static Map<String, String> settings(InferenceConfig.Quality config, InferenceConfig.Delivery delivery) {
        Map<String, String> settings = new HashMap<>();
        settings.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(config.standbyReplicas()));
        if (delivery == InferenceConfig.Delivery.EXACTLY_ONCE) {
            // exactly_once_v2 also makes the join's consumers read_committed
            settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        }
        return settings;
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
