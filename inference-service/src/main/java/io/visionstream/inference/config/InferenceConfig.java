package io.visionstream.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Typed configuration of the inference service ({@code visionstream.inference.*} in application.properties). */
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

    Onnx onnx();

    Rollout rollout();

    Security security();

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

    /** How new releases are rolled out, and when a canary is rolled back automatically. */
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

        AutoRollback autoRollback();
    }

    /** The per-model policy that rolls a misbehaving canary back on this replica's observations. */
    interface AutoRollback {
        /** Whether canaries are watched and rolled back; default true. */
        @WithDefault("true")
        boolean enabled();

        /** Sliding window: the most recent this-many canary outcomes are judged; default 200. */
        @WithDefault("200")
        int window();

        /** No verdict before the window holds this many canary outcomes; default 30. */
        @WithDefault("30")
        int minSamples();

        /** Roll back when the canary's scoring failure rate exceeds this; default 0.05. */
        @WithDefault("0.05")
        double maxErrorRate();

        /**
         * Roll back when the canary's p99 scoring time per image (its batch's time over its size, so versions that
         * see different traffic and hence batch sizes compare fairly) exceeds this multiple of stable's, and the
         * slack; default 3.0.
         */
        @WithDefault("3.0")
        double maxLatencyRatio();

        /**
         * A canary is only too slow if its p99 time per image also exceeds stable's by this much, so scheduling noise
         * on small models never triggers a rollback; default 2 ms.
         */
        @WithDefault("2ms")
        java.time.Duration latencySlack();

        /**
         * The canary's first this-many scorings are not judged on latency: a new session's first runs on each batch
         * shape are slow (measured in the demo: batches of 17-34 ms against a warm 0.5-0.7 ms); default 500.
         */
        @WithDefault("500")
        int latencyWarmup();

        /** Latency is judged only over at least this many timed scorings, so a single outlier is never the p99; default 100. */
        @WithDefault("100")
        int latencyMinSamples();

        /** Roll back when top-1 agreement with stable (on sampled images) falls below this; default 0.5. */
        @WithDefault("0.5")
        double minAgreement();

        /** Share of canary-routed images also scored by stable (unpublished) to measure agreement; default 0.1. */
        @WithDefault("0.1")
        double agreementSampleRate();
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
        /** Most images per model run; default 32. */
        @WithDefault("32")
        int maxBatchSize();

        /** Longest an image waits for its batch to fill before the batch runs anyway; default 5 ms. */
        @WithDefault("5ms")
        Duration maxWait();

        /** Most images accepted but not yet answered, across stream and HTTP (back-pressure); default 2048. */
        @WithDefault("2048")
        int maxInFlight();
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
