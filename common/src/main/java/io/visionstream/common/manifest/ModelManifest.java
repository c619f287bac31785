package io.visionstream.common.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.TensorLayout;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The descriptor of one model version, stored as {@code manifest.json} next to {@code model.onnx} in the registry
 * and sent on the compacted {@code model-releases} topic. It makes a version self-explaining: what network, what
 * input and preprocessing, which labels, how good it is, whether its ONNX file computes what training computed,
 * and how it was trained. Schema: {@code schemas/model-manifest.schema.json}.
 *
 * <p>A draft (before publishing) has version 0 and no sha256; the registry assigns both.
 */
public record ModelManifest(int schemaVersion, String name, int version, Instant createdAt, Architecture architecture,
                            InputSpec input, OutputNames outputs, PreprocessSpec preprocess, List<String> labels,
                            Metrics metrics, Parity parity, OnnxFile onnx, Training training) {

    public static final int SCHEMA_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";
    /** The only name a version's ONNX file may have. */
    public static final String ONNX_FILE_NAME = "model.onnx";

    public ModelManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(preprocess, "preprocess");
        Objects.requireNonNull(onnx, "onnx");
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0 (0 = not yet published), was " + version);
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a classifier manifest needs at least one label");
        }
        if (preprocess.channels() != input.channels()
                || preprocess.resize().height() != input.height() || preprocess.resize().width() != input.width()) {
            throw new IllegalArgumentException("preprocessing produces " + preprocess.channels() + "x" + preprocess.resize().height()
                    + "x" + preprocess.resize().width() + " but the model input is " + input.channels() + "x" + input.height() + "x" + input.width());
        }
    }

    /** The network: a zoo name (or "custom") and the full layer spec as JSON, opaque to this module. */
    public record Architecture(String zoo, JsonNode spec) {
    }

    /**
     * The model's image input: tensor name, the C x H x W it expects and the order of its dimensions ({@code layout},
     * NCHW when absent, NHWC for TensorFlow exports). The batch dimension is dynamic or fixed at 1.
     */
    public record InputSpec(String name, int channels, int height, int width, TensorLayout layout) {
        public InputSpec {
            Objects.requireNonNull(name, "input name");
            layout = layout == null ? TensorLayout.NCHW : layout;
            if (channels < 1 || height < 1 || width < 1) {
                throw new IllegalArgumentException("input dimensions must be >= 1, were " + channels + "x" + height + "x" + width);
            }
        }

        /** An NCHW input, the layout this trainer exports. */
        public InputSpec(String name, int channels, int height, int width) {
            this(name, channels, height, width, TensorLayout.NCHW);
        }
    }

    /**
     * Names of the model's output tensors: {@code probabilities}, {@code logits} or both ({@code [batch, classes]});
     * with logits only, the inference service applies softmax itself. {@code embedding} is optional.
     */
    public record OutputNames(String logits, String probabilities, String embedding) {
        public OutputNames {
            if (logits == null && probabilities == null) {
                throw new IllegalArgumentException("outputs must name 'probabilities', 'logits' or both: the class scores are read from one of them");
            }
        }

        /** The output class scores are read from: probabilities when the graph has them, else logits. */
        public String scores() {
            return probabilities != null ? probabilities : logits;
        }

        /** Whether the scores are logits that still need a softmax. */
        public boolean scoresAreLogits() {
            return probabilities == null;
        }
    }

    /** Accuracy figures measured by the trainer (fractions in [0, 1]); absent when not measured. */
    public record Metrics(Double valTop1, Double testTop1, Double testTop5) {
    }

    /**
     * How closely the ONNX file reproduced the DJL model on the same batch; {@code maxRelDiffEmbedding} (relative to
     * the largest embedding value) is absent when the embedding was not compared.
     */
    public record Parity(double maxAbsDiffProbabilities, double maxRelDiffLogits, double top1Agreement, int samples, Double maxRelDiffEmbedding) {
    }

    /**
     * The ONNX file: its name in the version directory, its sha256 (hex), opset, and whether batch-norm was folded.
     * The name is always {@value #ONNX_FILE_NAME}: a manifest must not be able to point the service at any other
     * file (e.g. {@code ../../etc/passwd}) than the one the registry hashed.
     */
    public record OnnxFile(String file, String sha256, int opset, boolean bnFolded) {
        public OnnxFile {
            Objects.requireNonNull(file, "onnx file name");
            if (!ONNX_FILE_NAME.equals(file)) {
                throw new IllegalArgumentException("onnx.file must be '" + ONNX_FILE_NAME + "', was '" + file + "'");
            }
        }
    }

    /**
     * How the version was trained: data set and hyper-parameters, so a reader can tell which recipe and settings made it.
     * The fields after {@code device} are null in manifests written before they existed or for models trained elsewhere;
     * {@code continual} is set only for a version fine-tuned from the labelled stream.
     *
     * @param recipe the named recipe that filled the settings not given explicitly ({@code d2l}, {@code paper},
     *               {@code modern}); null = none
     */
    public record Training(String dataset, int epochs, String optimizer, double lr, int batchSize, long seed, String device, String recipe,
                           Double momentum, Boolean nesterov, Double weightDecay, String schedule, Integer warmupEpochs, Double labelSmoothing,
                           String augment, Continual continual) {
    }

    /**
     * Where a continually trained version came from, so that it can be reproduced and judged: the version it was
     * fine-tuned from, why the job ran ({@code trigger}, e.g. {@code manual}), the Kafka data set (topic and window)
     * and how many labelled images it held, split by key into training and held-out validation.
     */
    public record Continual(ModelRef base, String trigger, KafkaDataset dataset, int trainImages, int validationImages) {
        public Continual {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(dataset, "dataset");
        }
    }

    /**
     * A bounded selection of a topic of labelled images: records whose time lies in [{@code from}, {@code to}) (either
     * end open when absent), of them the newest {@code last} (all when absent), of the classes named in
     * {@code classes} (all when absent or empty).
     */
    public record KafkaDataset(String topic, Instant from, Instant to, Integer last, List<String> classes) {
        public KafkaDataset {
            Objects.requireNonNull(topic, "topic");
            classes = classes == null ? List.of() : List.copyOf(classes);
            if (last != null && last < 1) {
                throw new IllegalArgumentException("last must be >= 1, was " + last);
            }
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
            }
        }
    }

    /** This version's identity; only meaningful once published. */
    public ModelRef ref() {
        return new ModelRef(name, version);
    }

    /** A copy carrying the version and file digest the registry assigned at publication. */
    public ModelManifest published(int assignedVersion, String sha256, Instant publishedAt) {
        return new ModelManifest(schemaVersion, name, assignedVersion, publishedAt, architecture, input, outputs,
                preprocess, labels, metrics, parity, new OnnxFile(onnx.file(), sha256, onnx.opset(), onnx.bnFolded()), training);
    }
}
