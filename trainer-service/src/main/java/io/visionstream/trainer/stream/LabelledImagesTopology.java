package io.visionstream.trainer.stream;

import io.visionstream.common.events.GroundTruth;
import io.visionstream.common.image.DecodeLimits;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.JoinLayout;
import io.visionstream.common.kafka.JoinTopics;
import io.visionstream.common.kafka.JsonSerde;
import io.visionstream.common.kafka.KafkaHeaders;
import io.visionstream.trainer.config.TrainerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The join of {@code images} with {@code labels} into {@code images.labelled}, in the Kafka Streams DSL: a windowed
 * KStream-KStream inner join by image id, so an image and its label meet when their record times are at most
 * {@code window} apart, whichever came first; a label without an image in its window never appears. A second label
 * of the same image (or a redelivered image) would pair again: a window store of the image ids already written lets
 * only the first pair through. The output keeps the image's bytes untouched, with its {@code content-type} and the
 * label as {@code ground-truth} headers; its record time is the later of image and label (Kafka Streams' rule), the
 * moment the pair was complete. Both inputs come from any client (any partitioner, any partition count), so the
 * topology repartitions them itself: images by their key, labels by the image id their document names (the record's
 * key does not matter). Each image is thus written once more, to the repartition topic, which Kafka Streams purges
 * once committed: the alternative, joining labels with something the product placed itself, would still need the
 * image bytes from the partition their producer chose. Labels whose JSON does not parse are skipped.
 */
public final class LabelledImagesTopology {

    static final String JOIN_STORE = "images-labels-join";
    static final String WRITTEN_STORE = "labelled-images-written";
    private static final Logger LOG = Logger.getLogger(LabelledImagesTopology.class);
    private static final Serde<GroundTruth> GROUND_TRUTH = new JsonSerde<>(GroundTruth.class);

    private LabelledImagesTopology() {
    }

    /**
     * @param layout how the inputs reach the join's tasks ({@link JoinTopics#ensure}): {@code images} and {@code labels}
     *               are anyone's, so both are repartitioned by image id, whoever produced them
     */
    public static Topology build(TrainerConfig.Continual config, JoinLayout layout) {
        StreamsBuilder builder = new StreamsBuilder();
        // pairs of one image lie within window + grace of each other; the store keeps ids for twice that
        Duration span = config.window().plus(config.grace());
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(WRITTEN_STORE, span.multipliedBy(2), Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long()));
        KStream<String, TypedImage> images = layout.keyed(builder.stream(config.imagesTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .filter(LabelledImagesTopology::storable)
                .processValues(WithContentType::new), config.imagesTopic(), (id, image) -> id, TypedImage.SERDE);
        // a label read as written must be keyed by its image id; a repartitioned one is keyed by it here
        boolean labelsKeyedByProducer = !layout.repartitions(config.labelsTopic());
        KStream<String, GroundTruth> labels = layout.keyed(builder.stream(config.labelsTopic(), Consumed.with(Serdes.String(), GROUND_TRUTH))
                .filter((key, label) -> label != null && (!labelsKeyedByProducer || label.imageId().equals(key))),
                config.labelsTopic(), (key, label) -> label.imageId(), GROUND_TRUTH);
        images.join(labels, LabelledImage::new, JoinWindows.ofTimeDifferenceAndGrace(config.window(), config.grace()),
                        StreamJoined.with(Serdes.String(), TypedImage.SERDE, GROUND_TRUTH).withStoreName(JOIN_STORE))
                .processValues(() -> new FirstPairOnly(span), WRITTEN_STORE)
                .to(config.labelledTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    /**
     * Whether an image enters the join: one without id or bytes cannot be labelled, and one over the decoder's payload
     * limit could never be trained on (the inference service dead-letters it as too large), so it is not kept in the
     * join's stores for the window; both said in the log.
     */
    private static boolean storable(String id, byte[] bytes) {
        if (id == null || bytes == null) {
            LOG.warnf("%s: an image without %s is not joined", id == null ? "(no id)" : id, id == null ? "an id" : "bytes");
            return false;
        }
        if (bytes.length > DecodeLimits.DEFAULT_MAX_PAYLOAD_BYTES) {
            LOG.warnf("%s: the image has %d bytes, more than the decoder's limit of %d: not joined (it could not be trained on)", id,
                    bytes.length, DecodeLimits.DEFAULT_MAX_PAYLOAD_BYTES);
            return false;
        }
        return true;
    }

    /** An image and the label it met. */
    record LabelledImage(TypedImage image, GroundTruth label) {
    }

    /** Reads the record's {@code content-type} header into the value. */
    private static final class WithContentType implements FixedKeyProcessor<String, byte[], TypedImage> {
        private FixedKeyProcessorContext<String, TypedImage> context;

        @Override
        public void init(FixedKeyProcessorContext<String, TypedImage> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            Header type = record.headers().lastHeader(KafkaHeaders.CONTENT_TYPE);
            String contentType = type == null || type.value() == null ? null : new String(type.value(), StandardCharsets.UTF_8);
            context.forward(record.withValue(new TypedImage(contentType, record.value())));
        }
    }

    /** Writes an image's first pair and drops the ones after it (a second label, a redelivered image). */
    private static final class FirstPairOnly implements FixedKeyProcessor<String, LabelledImage, byte[]> {
        private final Duration span;
        private FixedKeyProcessorContext<String, byte[]> context;
        private WindowStore<String, Long> written;

        FirstPairOnly(Duration span) {
            this.span = span;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
            this.written = context.getStateStore(WRITTEN_STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, LabelledImage> record) {
            long time = record.timestamp();
            try (WindowStoreIterator<Long> earlier = written.fetch(record.key(), time - span.toMillis(), time + span.toMillis())) {
                if (earlier.hasNext()) {
                    return;
                }
            }
            written.put(record.key(), time, time);
            RecordHeaders headers = new RecordHeaders();
            TypedImage image = record.value().image();
            if (image.contentType() != null) {
                headers.add(KafkaHeaders.CONTENT_TYPE, image.contentType().getBytes(StandardCharsets.UTF_8));
            }
            headers.add(KafkaHeaders.GROUND_TRUTH, Json.toBytes(record.value().label()));
            context.forward(record.withValue(image.bytes()).withHeaders(headers));
        }
    }
}
