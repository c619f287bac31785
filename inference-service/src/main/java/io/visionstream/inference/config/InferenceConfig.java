package io.visionstream.inference.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.visionstream.common.events.GateCriterion;
import io.visionstream.common.events.RolloutPolicy;
import io.visionstream.common.kafka.Topics;
import io.visionstream.inference.gate.GateDefaults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Typed configuration of the inference service ({@code visionstream.inference.*} in application.properties). Over the
 * house's ~300 lines on purpose: it is the service's whole configuration surface, one nested interface per group, each
 * key with its default and meaning in Javadoc, so an operator reads every setting in one place (the Kubernetes
 * checks read the keys from here too).
 */
@ConfigMapping(prefix = "visionstream.inference")
public interface InferenceConfig {

    /** Model registry root the service reads versions from (read-only mount on Kubernetes); default {@code registry}. */
    @WithDefault("registry")
    Path registryRoot();

    /** Model that scores images without a {@code model} header; default {@code fashion}. */
    @WithDefault("fashion")
    String defaultModel();

    /** How many classes each prediction lists; default 5. */
    @WithDefault("5")
    int topK();

    /** How long an image waits for a known model that is still loading before it is dead-lettered; default 30 s. */
    @WithDefault("30s")
    Duration modelWaitTimeout();

    /**
     * The stream's delivery guarantee: {@code at-least-once} (default; each image's output is acknowledged before its
     * offset is committed, so a crash can repeat work) or {@code exactly-once} (each poll batch's predictions, dead
     * letters and offsets in one Kafka transaction; needs {@code mp.messaging.incoming.images.commit-strategy=ignore}
     * and readers with {@code isolation.level=read_committed}; the {@code exactly-once} profile sets both sides).
     */
    @WithDefault("at-least-once")
    Delivery delivery();

    /** See {@link #delivery()}. */
    enum Delivery {
        AT_LEAST_ONCE, EXACTLY_ONCE
    }

    Decode decode();

    Batching batching();

    Memory memory();

    Onnx onnx();

    Rollout rollout();

    Security security();

    Quality quality();

    Retrain retrain();

    /**
     * When to ask for a model to be trained again from the stream ({@code training-triggers}; the trainer's continual
     * job acts on it). Off unless a model has a policy: {@code visionstream.inference.retrain.models."NAME".*}.
     */
    interface Retrain {
        Map<String, ModelPolicy> models();

        /**
         * One model's policy: stable's online accuracy on labelled answers, judged window by window, and/or the drift
         * score of a version's live embeddings; either may be left out.
         */
        interface ModelPolicy {
            /** Trigger when stable's top-1 accuracy on labelled answers is shown to be below this (e.g. 0.8). */
            java.util.OptionalDouble minOnlineAccuracy();

            /**
             * Trigger when a version's drift score (1 = its reference's calibrated level) is at least this on
             * {@link #driftChecks()} checks in a row (e.g. 1.0).
             */
            java.util.OptionalDouble maxDriftScore();

            /** Consecutive drift checks at or above {@link #maxDriftScore()} that trigger; default 3. */
            @WithDefault("3")
            int driftChecks();

            /** Labelled answers a window needs before it may trigger (so the evidence a person reads is not a handful); default 50. */
            @WithDefault("50")
            int minLabelled();

            /** Labelled answers per window; each window is judged afresh; default 500. */
            @WithDefault("500")
            int window();

            /** Chance, per window, of triggering while stable's accuracy is at or above the threshold; default 0.01. */
            @WithDefault("0.01")
            double alpha();

            /** No second trigger for the model within this time; default 30 min. */
            @WithDefault("30m")
            Duration cooldown();
        }
    }

    Drift drift();

    /**
     * Drift of each loaded version ({@code io.visionstream.inference.drift}): a sliding window of the embeddings its
     * own scoring runs return, compared with the version's {@code drift-reference.json} (made at publish time). A
     * version without a reference, or whose manifest names no embedding output, has no drift score.
     */
    interface Drift {
        /** Whether versions with a reference fetch their embeddings and are scored for drift; default true. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Embeddings in the sliding window of each version (a window holds this many projected embeddings, 32 floats
         * each); must be a size the reference was calibrated for (100, 250, 500 or 1000); default 500.
         */
        @WithDefault("500")
        int windowSize();

        /** Images between two computations of the score once the window is full; default 100. */
        @WithDefault("100")
        int checkEvery();
    }

    /**
     * The online-quality join ({@code io.visionstream.inference.quality}): predictions joined with ground truth from
     * the {@code labels} topic in Kafka Streams state stores, summed per model, version and route.
     */
    interface Quality {
        /** Whether this replica runs the join (replicas sharing {@link #applicationId()} split its partitions); default true. */
        @WithDefault("true")
        boolean enabled();

        /** Kafka Streams application id: names the consumer group, the changelog and repartition topics; default visionstream-quality. */
        @WithDefault("visionstream-quality")
        String applicationId();

        /** Largest time between a prediction and its label (either first, record times) for the two to be joined; default 1 h. */
        @WithDefault("1h")
        Duration window();

        /**
         * How long a prediction is remembered after its window closed, so that a label arriving then counts as late
         * (and not as unmatched), and a repeated label as a duplicate; default 1 h.
         */
        @WithDefault("1h")
        Duration lateRetention();

        /** How often closed windows are swept (missing labels, unmatched labels, forgotten predictions), wall clock; default 1 s. */
        @WithDefault("1s")
        Duration sweepInterval();

        /** Kafka Streams commit interval: how soon sums reach {@code predictions.quality}, the API and the metrics; default 1 s. */
        @WithDefault("1s")
        Duration commitInterval();

        /** Where the state stores live; default a fresh directory per process (the state comes back from the changelog topics). */
        Optional<Path> stateDir();

        /**
         * Warm copies of each task's stores kept on other replicas ({@code num.standby.replicas}), so a replica that
         * dies hands its partitions over without replaying their changelog; default 1 (none is kept on a single replica).
         */
        @WithDefault("1")
        int standbyReplicas();

        /** Equal-width confidence bins of the calibration table and the expected calibration error; default 10. */
        @WithDefault("10")
        int calibrationBins();

        /** Level of the accuracy's confidence interval (Wilson score); default 0.95. */
        @WithDefault("0.95")
        double confidenceLevel();

        /**
         * Topic of the ground truth; default {@code labels}. Any client may produce it, with any partitioner and partition
         * count: the join re-keys each label by its image id and repartitions it like the predictions.
         */
        @WithDefault(Topics.LABELS)
        String labelsTopic();

        /** Topics of the predictions joined: the live answers and the shadow's; default {@code predictions,predictions.shadow}. */
        @WithDefault(Topics.PREDICTIONS + "," + Topics.PREDICTIONS_SHADOW)
        List<String> predictionTopics();

        /** Where joined predictions go; default {@code predictions.labelled}. */
        @WithDefault(Topics.PREDICTIONS_LABELLED)
        String labelledTopic();

        /** Compacted topic of the per-model sums every replica reads; default {@code predictions.quality}. */
        @WithDefault(Topics.PREDICTIONS_QUALITY)
        String qualityTopic();
    }

    /**
     * Who may call what. Rollout changes always need a bearer JWT with role {@code ml-admin}; reads and
     * classification are open by default. Each policy is {@code permit}, {@code authenticated} or {@code ml-admin}.
     */
    interface Security {
        /** Policy of GET /api/models*, /api/releases; default permit. */
        @WithDefault("permit")
        String readPolicy();

        /** Policy of POST /api/classify; default permit. */
        @WithDefault("permit")
        String classifyPolicy();
    }

    /** How new releases are rolled out, and how canaries are judged. */
    interface Rollout {
        /**
         * What a verified new release does: {@code canary} (default) - become stable if the model has none, else start
         * as canary at {@link #canaryWeightPercent()}; {@code stable} - replace stable at once; {@code manual} - become
         * stable only if there is none, else wait for an operator.
         */
        @WithDefault("canary")
        String onRelease();

        /** Share of traffic (0-100 %) a new release gets as canary; default 10. */
        @WithDefault("10")
        int canaryWeightPercent();

        /** Most shadow scorings pending at once; beyond that images skip the shadow (counted); default 256. */
        @WithDefault("256")
        int shadowMaxInFlight();

        Gate gate();
    }

    /**
     * The canary gate's defaults: how every canary is judged unless its model's rollout state overrides a field
     * ({@code PUT /api/models/{name}/rollout} with a {@code policy}). Decisions come from always-valid sequential tests
     * (see {@code io.visionstream.inference.gate}), so evidence may be read continuously without raising the
     * false-alarm rate.
     */
    interface Gate {
        /** Whether canaries are judged and rolled back or promoted automatically; default true. */
        @WithDefault("true")
        boolean enabled();

        /**
         * What is compared: {@code errors}, {@code latency}, {@code agreement}, {@code accuracy}; default the first three.
         * {@code accuracy} needs ground truth on the {@code labels} topic (and the online-quality join running): name it
         * for models whose images get labelled, since without labels it can never say "not worse".
         */
        @WithDefault(GateDefaults.CRITERIA)
        List<GateCriterion> criteria();

        /**
         * Largest chance, over a whole canary, that a canary as good as stable is rolled back (shared among the criteria);
         * default 0.01.
         */
        @WithDefault(GateDefaults.ALPHA)
        double alpha();

        /** Largest chance that a canary worse than a margin is judged "not worse" (shared among the criteria); default 0.05. */
        @WithDefault(GateDefaults.PROMOTE_ALPHA)
        double promoteAlpha();

        /** Observations each criterion needs before it may say "not worse"; default 50. */
        @WithDefault(GateDefaults.MIN_SAMPLES)
        int minSamples();

        /** A canary with no verdict after this long is rolled back as inconclusive; default 1 h. */
        @WithDefault(GateDefaults.MAX_DURATION)
        Duration maxDuration();

        /** What a "not worse" verdict does: {@code promote} the canary or {@code hold} it for an operator; default promote. */
        @WithDefault(GateDefaults.ON_HEALTHY)
        RolloutPolicy.OnHealthy onHealthy();

        /** Canary/stable scoring time of the same batch worth rolling back for; default 2.0 (twice as slow). */
        @WithDefault(GateDefaults.MAX_LATENCY_RATIO)
        double maxLatencyRatio();

        /**
         * Canary failure proportion per scoring above stable's worth rolling back for; default 0.02. A failed canary
         * scoring costs latency, not an answer (stable scores the images again), hence a margin above zero.
         */
        @WithDefault(GateDefaults.MAX_ERROR_EXCESS)
        double maxErrorExcess();

        /** Top-1 agreement with stable on the same images below which a canary is worse; default 0.85. */
        @WithDefault(GateDefaults.MIN_AGREEMENT)
        double minAgreement();

        /**
         * Share of a model's images (any route) also scored by canary and stable side by side, in equal batches run back
         * to back, for latency and agreement; costs about twice this share in extra scoring; default 0.05.
         */
        @WithDefault(GateDefaults.SAMPLE_RATE)
        double sampleRate();

        /**
         * Stable's top-1 accuracy on labelled images minus the canary's worth rolling back for (absolute); default 0.02.
         * Judged on the predictions each version answered (routes stable and canary) as their labels arrive.
         */
        @WithDefault(GateDefaults.MAX_ACCURACY_DROP)
        double maxAccuracyDrop();

        /** Images per side-by-side batch; default 8. */
        @WithDefault("8")
        int probeBatchSize();

        /** Side-by-side batches not timed at first (a session's first runs of a batch shape are slow); default 2. */
        @WithDefault("2")
        int probeWarmup();

        /** The policy these defaults make. */
        default RolloutPolicy policy() {
            return new RolloutPolicy(java.util.Set.copyOf(criteria()), alpha(), promoteAlpha(), minSamples(), maxDuration(), onHealthy(),
                    maxLatencyRatio(), maxErrorExcess(), minAgreement(), sampleRate(), maxAccuracyDrop());
        }
    }

    /** Limits and parallelism of image decoding. */
    interface Decode {
        /** Largest accepted payload in bytes; default 10485760 (10 MiB). */
        @WithDefault("10485760")
        long maxPayloadBytes();

        /** Largest accepted width x height, checked from the header before decoding; default 40000000. */
        @WithDefault("40000000")
        long maxPixels();

        /** Threads decoding and preprocessing images; default 0 = one per available processor. */
        @WithDefault("0")
        int threads();
    }

    /** How images are grouped into model runs. */
    interface Batching {
        /** Most images per model run, whatever their size; default 32. */
        @WithDefault("32")
        int maxBatchSize();

        /**
         * Most bytes of model input per run: a model's batch is {@code max-batch-bytes / its tensor bytes per image},
         * between 1 and {@link #maxBatchSize()}. Default 8 MiB: LeNet at 28x28 (3 KB) gets 32, a 224 px RGB model
         * (588 KiB) gets 13, 299 px (1 MiB) gets 7, so a run's memory stays bounded whatever the input size.
         */
        @WithDefault("8M")
        MemorySize maxBatchBytes();

        /**
         * Longest an image waits for more images to share its run. Default 0: a batch is whatever is queued when the
         * model is free, so an idle service scores an image at once, and under a backlog batches fill while the
         * previous one runs.
         */
        @WithDefault("0ms")
        Duration maxWait();

        /** Per model name: {@code batching.models."NAME".max-batch-size} and {@code .max-wait} override the rules above. */
        Map<String, ModelBatching> models();

        /** One model's batching overrides. */
        interface ModelBatching {
            OptionalInt maxBatchSize();

            Optional<Duration> maxWait();
        }
    }

    /**
     * Bounds on the memory of work in flight, in bytes: a fetched payload, its decoded pixels and its model tensor
     * all count. The stream and HTTP have separate budgets so neither can starve the other.
     */
    interface Memory {
        /**
         * Stream work in flight before intake waits and the Kafka consumer stops fetching (lag grows, memory does
         * not); the {@code images} consumer's fetch sizes are derived from it. Default: a quarter of the maximum heap.
         */
        Optional<MemorySize> streamBudget();

        /** HTTP work in flight before requests are answered 503 with Retry-After; default: a tenth of the maximum heap. */
        Optional<MemorySize> httpBudget();

        /** The Retry-After of a 503 when the HTTP budget is full; default 1 s. */
        @WithDefault("1s")
        Duration retryAfter();
    }

    /** ONNX Runtime session settings. */
    interface Onnx {
        /** Execution provider to try first: {@code cpu} or {@code cuda} (falls back to CPU with a warning); default cpu. */
        @WithDefault("cpu")
        String provider();

        /** CUDA device id; default 0. */
        @WithDefault("0")
        int cudaDeviceId();

        /** CUDA memory arena limit in bytes; absent = ONNX Runtime's default (no limit). */
        Optional<Long> cudaMemoryLimitBytes();

        /** Threads inside one operator; default 0 = ONNX Runtime's choice (one per core). */
        @WithDefault("0")
        int intraOpThreads();

        /**
         * Whether idle intra-op threads spin waiting for work. Off by default: a replica holds several sessions (stable,
         * canary, shadow) on the same cores, and one session's spinning threads steal the CPU another is scoring on;
         * default false.
         */
        @WithDefault("false")
        boolean allowSpinning();

        /** Threads across independent operators; default 1. */
        @WithDefault("1")
        int interOpThreads();

        /** Graph optimisation: {@code none}, {@code basic}, {@code extended} or {@code all}; default all. */
        @WithDefault("all")
        String optimizationLevel();
    }
}
