package io.visionstream.common.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inputs and outputs an ONNX graph declares, by name in graph order (initialisers are not inputs), without the
 * graph's nodes: all that {@link ManifestFit} needs to tell whether a model fits its manifest, whoever read it.
 */
public record GraphSignature(Map<String, DeclaredTensor> inputs, Map<String, DeclaredTensor> outputs) {

    public GraphSignature {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }
}
