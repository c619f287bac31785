package io.visionstream.inference.scoring;

import ai.onnxruntime.OrtSession;
import io.visionstream.inference.config.InferenceConfig;

import java.util.Locale;
import java.util.Optional;

/** The ONNX Runtime options every model session of this service is opened with, validated once at start-up. */
public record SessionSettings(ExecutionProvider preferredProvider, int cudaDeviceId, Optional<Long> cudaMemoryLimitBytes,
                              int intraOpThreads, boolean allowSpinning, int interOpThreads, OrtSession.SessionOptions.OptLevel optimizationLevel,
                              BatchingRule batching) {

    public static SessionSettings from(InferenceConfig config) {
        InferenceConfig.Onnx onnx = config.onnx();
        return new SessionSettings(ExecutionProvider.fromWireName(onnx.provider()), onnx.cudaDeviceId(), onnx.cudaMemoryLimitBytes(),
                onnx.intraOpThreads(), onnx.allowSpinning(), onnx.interOpThreads(), optLevel(onnx.optimizationLevel()), BatchingRule.from(config.batching()));
    }

    static OrtSession.SessionOptions.OptLevel optLevel(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case "all" -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            default -> throw new IllegalArgumentException("unknown optimisation level '" + name + "', expected none, basic, extended or all");
        };
    }
}
