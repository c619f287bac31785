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

    Decode decode();

    Batching batching();

    Onnx onnx();

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

        /** Threads across independent operators; default 1. */
        @WithDefault("1")
        int interOpThreads();

        /** Graph optimisation: {@code none}, {@code basic}, {@code extended} or {@code all}; default all. */
        @WithDefault("all")
        String optimizationLevel();
    }
}
