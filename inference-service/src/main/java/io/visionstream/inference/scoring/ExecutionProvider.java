package io.visionstream.inference.scoring;

import java.util.Arrays;
import java.util.Locale;

/** Where ONNX Runtime runs a model: the CUDA execution provider on a GPU, or the CPU provider. */
public enum ExecutionProvider {
    CPU, CUDA;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ExecutionProvider fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName().equalsIgnoreCase(name.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown execution provider '" + name + "', expected cpu or cuda"));
    }
}
