package io.visionstream.inference.quality;

import io.visionstream.common.events.GroundTruth;
import io.visionstream.common.events.LabelledPrediction;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.JoinLayout;
import io.visionstream.common.kafka.JoinTopics;
import io.visionstream.common.kafka.JsonSerde;
import io.visionstream.inference.config.InferenceConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The online-quality topology: predictions (live and shadow, the product's own, placed by Java's partitioner) and
 * labels (anyone's, so re-keyed by their image id and repartitioned by the topology itself) meet in {@link LabelJoin}; joined predictions go to {@code predictions.labelled} and to the gate's
 * listener; every outcome is summed per model (a repartition by model name) into {@code predictions.quality}, which
 * each replica reads whole as a global table, so any replica answers the API and the metrics for every model.
 */
public final class QualityTopology {

    /** The global table every replica reads: model name to {@link ModelQuality}. */
    static final String VIEW_STORE = "quality-view";
    static final String SUMS_STORE = "quality-sums";

    /** What the topology does with input it cannot read: it is counted and logged, never fatal to the stream. */
    public interface RejectedInput {
        void rejected(String topic, String key, Reason reason, String message);

        /** Why an input record was not joined. */
        enum Reason {
            /** A tombstone or empty value. */
            NO_VALUE,
            /** Not the topic's JSON document (the message says what is wrong). */
            MALFORMED,
            /**
             * The record key is not the document's image id, on a topic the join reads as written (the product's own
             * predictions), so it would meet the wrong partition's records.
             */
            KEY_NOT_IMAGE_ID
        }
    }

    private QualityTopology() {
    }

    /**
     * The join's topics: sized by the live predictions; the predictions the product's own, the labels anyone's; joined
     * predictions out by image id; the sums compacted.
     */
    public static JoinTopics topics(InferenceConfig.Quality config) {
        List<String> predictions = config.predictionTopics();
        return new JoinTopics(predictions.get(0), predictions, List.of(config.labelsTopic()), List.of(config.labelledTopic()),
                List.of(config.qualityTopic()));
    }

    /**
     * @param layout how the inputs reach the join's tasks ({@link JoinTopics#ensure}): {@code labels} always re-keyed by
     *               the document's image id and repartitioned, whoever produced them
     */
    public static Topology build(InferenceConfig.Quality config, JoinLayout layout, Function<ModelRef, List<String>> labelsOf,
                                 LabelledListener listener, RejectedInput rejected) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LabelJoin.PENDING_STORE), Serdes.String(),
                new JsonSerde<>(PendingImage.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LabelJoin.DEADLINE_STORE), Serdes.String(),
                Serdes.String()));
        KStream<String, JoinInput> inputs = input(builder, config.labelsTopic(), layout, GroundTruth.class, GroundTruth::imageId, rejected)
                .mapValues(JoinInput::of);
        for (String topic : config.predictionTopics()) {
            inputs = inputs.merge(input(builder, topic, layout, Prediction.class, Prediction::imageId, rejected).mapValues(JoinInput::of));
        }
        KStream<String, QualityEvent> outcomes = inputs.process(
                () -> new LabelJoin(config.window(), config.lateRetention(), config.sweepInterval(), labelsOf),
                LabelJoin.PENDING_STORE, LabelJoin.DEADLINE_STORE);

        KStream<String, LabelledPrediction> joined = outcomes.filter((id, outcome) -> outcome.kind() == QualityEvent.Kind.LABELLED)
                .mapValues(outcome -> outcome.labelled());
        joined.to(config.labelledTopic(), Produced.with(Serdes.String(), new JsonSerde<>(LabelledPrediction.class)));
        joined.foreach((id, labelled) -> listener.labelled(labelled));

        int bins = config.calibrationBins();
        JsonSerde<ModelQuality> sums = new JsonSerde<>(ModelQuality.class);
        outcomes.groupBy((id, outcome) -> outcome.sumKey(), Grouped.with("quality-by-model", Serdes.String(), new JsonSerde<>(QualityEvent.class)))
                .aggregate(ModelQuality::new, (model, outcome, sum) -> sum.add(outcome, bins),
                        Materialized.<String, ModelQuality, KeyValueStore<Bytes, byte[]>>as(SUMS_STORE).withKeySerde(Serdes.String()).withValueSerde(sums))
                .toStream().to(config.qualityTopic(), Produced.with(Serdes.String(), sums));
        builder.globalTable(config.qualityTopic(), Consumed.with(Serdes.String(), sums),
                Materialized.<String, ModelQuality, KeyValueStore<Bytes, byte[]>>as(VIEW_STORE).withKeySerde(Serdes.String()).withValueSerde(sums));
        return builder.build();
    }

    /**
     * The documents of {@code topic}, keyed for the join: re-keyed by their image id and repartitioned when the layout
     * says so; read as written otherwise, when a record whose key is not its image id is refused (it would lie on
     * another partition than its partner).
     */
    private static <T> KStream<String, T> input(StreamsBuilder builder, String topic, JoinLayout layout, Class<T> type,
                                                Function<T, String> imageId, RejectedInput rejected) {
        boolean keyedByProducer = !layout.repartitions(topic);
        KStream<String, T> documents = builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .flatMapValues((key, bytes) -> parse(key, bytes, type, imageId, keyedByProducer, topic, rejected).stream().toList());
        return layout.keyed(documents, topic, (key, document) -> imageId.apply(document), new JsonSerde<>(type));
    }

    /** The document, or nothing when it is not one or must be keyed by its image id and is not (then {@code rejected} is told why). */
    private static <T> Optional<T> parse(String key, byte[] bytes, Class<T> type, Function<T, String> imageId, boolean keyedByProducer,
                                         String topic, RejectedInput rejected) {
        if (bytes == null) {
            rejected.rejected(topic, key, RejectedInput.Reason.NO_VALUE, "no value");
            return Optional.empty();
        }
        try {
            T document = Json.fromBytes(bytes, type);
            if (keyedByProducer && !imageId.apply(document).equals(key)) {
                rejected.rejected(topic, key, RejectedInput.Reason.KEY_NOT_IMAGE_ID, "the record key must be the image id '" + imageId.apply(document) + "'");
                return Optional.empty();
            }
            return Optional.of(document);
        } catch (IllegalArgumentException e) {
            rejected.rejected(topic, key, RejectedInput.Reason.MALFORMED, e.getMessage());
            return Optional.empty();
        }
    }
}
