package io.visionstream.trainer.arch;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Objects;

/**
 * The vocabulary networks are written in. A network is a tree of these specs: from one tree the trainer builds the DJL
 * block it trains and the ONNX graph it serves, which DJL's own opaque lambda blocks could not give. Every node may
 * carry a {@code name}; unnamed nodes are named by their position, so parameter names are stable. In JSON each node
 * has a {@code type}; defaults follow PyTorch (e.g. conv bias on, batch-norm epsilon 1e-5, momentum 0.1).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LayerSpec.Conv.class, name = "conv"),
        @JsonSubTypes.Type(value = LayerSpec.BatchNorm.class, name = "batch-norm"),
        @JsonSubTypes.Type(value = LayerSpec.Activation.class, name = "activation"),
        @JsonSubTypes.Type(value = LayerSpec.MaxPool.class, name = "max-pool"),
        @JsonSubTypes.Type(value = LayerSpec.AvgPool.class, name = "avg-pool"),
        @JsonSubTypes.Type(value = LayerSpec.GlobalAvgPool.class, name = "global-avg-pool"),
        @JsonSubTypes.Type(value = LayerSpec.Lrn.class, name = "lrn"),
        @JsonSubTypes.Type(value = LayerSpec.Flatten.class, name = "flatten"),
        @JsonSubTypes.Type(value = LayerSpec.Dense.class, name = "dense"),
        @JsonSubTypes.Type(value = LayerSpec.Dropout.class, name = "dropout"),
        @JsonSubTypes.Type(value = LayerSpec.Sequential.class, name = "sequential"),
        @JsonSubTypes.Type(value = LayerSpec.Residual.class, name = "residual"),
        @JsonSubTypes.Type(value = LayerSpec.Concat.class, name = "concat"),
        @JsonSubTypes.Type(value = LayerSpec.AuxHead.class, name = "aux-head")})
public sealed interface LayerSpec {

    /** Optional name of this node within its parent; null = its position. */
    String name();

    /** 2-D convolution, weights OIHW; {@code groups} splits channels into independent groups. */
    record Conv(String name, int filters, Size2 kernel, Size2 stride, Size2 padding, Size2 dilation, Integer groups, Boolean bias)
            implements LayerSpec {
        public Conv {
            Objects.requireNonNull(kernel, "conv kernel");
            stride = stride == null ? Size2.of(1) : stride;
            padding = padding == null ? Size2.of(0) : padding;
            dilation = dilation == null ? Size2.of(1) : dilation;
            groups = groups == null ? 1 : groups;
            bias = bias == null ? Boolean.TRUE : bias;
        }
    }

    /** Batch normalisation over channels (or features of a flat input); epsilon is needed again at export. */
    record BatchNorm(String name, Double epsilon, Double momentum) implements LayerSpec {
        public BatchNorm {
            epsilon = epsilon == null ? 1e-5 : epsilon;
            momentum = momentum == null ? 0.1 : momentum;
        }
    }

    /** Element-wise non-linearity. */
    record Activation(String name, Kind kind) implements LayerSpec {
        /** Supported non-linearities. */
        public enum Kind {
            @com.fasterxml.jackson.annotation.JsonProperty("relu") RELU,
            @com.fasterxml.jackson.annotation.JsonProperty("sigmoid") SIGMOID,
            @com.fasterxml.jackson.annotation.JsonProperty("tanh") TANH
        }

        public Activation {
            Objects.requireNonNull(kind, "activation kind");
        }
    }

    /** Max pooling; {@code ceilMode} rounds the output size up, as PyTorch does. */
    record MaxPool(String name, Size2 kernel, Size2 stride, Size2 padding, Boolean ceilMode) implements LayerSpec {
        public MaxPool {
            Objects.requireNonNull(kernel, "max-pool kernel");
            stride = stride == null ? kernel : stride;
            padding = padding == null ? Size2.of(0) : padding;
            ceilMode = ceilMode == null ? Boolean.FALSE : ceilMode;
        }
    }

    /** Average pooling; {@code countIncludePad} decides whether padded zeros count in the average. */
    record AvgPool(String name, Size2 kernel, Size2 stride, Size2 padding, Boolean ceilMode, Boolean countIncludePad) implements LayerSpec {
        public AvgPool {
            Objects.requireNonNull(kernel, "avg-pool kernel");
            stride = stride == null ? kernel : stride;
            padding = padding == null ? Size2.of(0) : padding;
            ceilMode = ceilMode == null ? Boolean.FALSE : ceilMode;
            countIncludePad = countIncludePad == null ? Boolean.TRUE : countIncludePad;
        }
    }

    /** Average over all positions: C x H x W becomes C x 1 x 1. */
    record GlobalAvgPool(String name) implements LayerSpec {
    }

    /** Local response normalisation across channels (AlexNet). */
    record Lrn(String name, Integer size, Double alpha, Double beta, Double k) implements LayerSpec {
        public Lrn {
            size = size == null ? 5 : size;
            alpha = alpha == null ? 1e-4 : alpha;
            beta = beta == null ? 0.75 : beta;
            k = k == null ? 2.0 : k;
        }
    }

    /** C x H x W to C*H*W features. */
    record Flatten(String name) implements LayerSpec {
    }

    /** Fully connected layer, weights (out, in). */
    record Dense(String name, int units, Boolean bias) implements LayerSpec {
        public Dense {
            bias = bias == null ? Boolean.TRUE : bias;
        }
    }

    /** Drops activations with probability {@code rate} during training only. */
    record Dropout(String name, double rate) implements LayerSpec {
    }

    /** Layers applied in order; an empty sequence is the identity. */
    record Sequential(String name, List<LayerSpec> layers) implements LayerSpec {
        public Sequential {
            layers = List.copyOf(layers == null ? List.of() : layers);
        }
    }

    /**
     * {@code post(scale * body(x) + shortcut(x))}; the shortcut is the identity unless a projection is given. The
     * scale is 1 unless set: Inception-ResNet (Szegedy et al. 2016, section 3.3) scales its residual branches by
     * 0.1-0.3 so that very wide residual stacks train stably.
     */
    record Residual(String name, LayerSpec body, LayerSpec projection, Activation post, Double scale) implements LayerSpec {
        public Residual {
            Objects.requireNonNull(body, "residual body");
            scale = scale == null ? 1.0 : scale;
        }
    }

    /** Branches applied to the same input, outputs concatenated along channels (Inception, DenseNet). */
    record Concat(String name, List<LayerSpec> branches) implements LayerSpec {
        public Concat {
            branches = List.copyOf(Objects.requireNonNull(branches, "concat branches"));
        }
    }

    /**
     * An auxiliary classifier branching off here (Inception): the main path passes through unchanged; during training
     * the head's logits add a weighted loss; inference and export drop it.
     */
    record AuxHead(String name, LayerSpec head, Double lossWeight) implements LayerSpec {
        public AuxHead {
            Objects.requireNonNull(head, "aux-head head");
            lossWeight = lossWeight == null ? 0.3 : lossWeight;
        }
    }
}
