package io.visionstream.inference.oip;

import io.visionstream.common.manifest.ModelManifest;

import java.util.List;

/** The protocol's server and model metadata documents, built from what this replica serves. */
public final class Metadata {

    /** The ONNX Runtime platform name the protocol (and Triton) use. */
    static final String PLATFORM = "onnxruntime_onnx";

    private Metadata() {
    }

    public record Server(String name, String version, List<String> extensions) {
    }

    public record Model(String name, List<String> versions, String platform, List<Tensor> inputs, List<Tensor> outputs) {

        /**
         * A model's metadata from one version's manifest: the preprocessed image as FP32 {@code [-1, C, H, W]} (also
         * accepted as encoded images in BYTES {@code [-1]}) and the probabilities, with the logits when the manifest
         * names them, as FP32 {@code [-1, classes]}.
         */
        static Model of(ModelManifest manifest, List<String> versions) {
            ModelManifest.InputSpec input = manifest.input();
            return new Model(manifest.name(), versions, PLATFORM,
                    List.of(new Tensor(input.name(), Datatype.FP32, new long[] {-1, input.channels(), input.height(), input.width()})),
                    OutputTensors.names(manifest).stream().map(name -> new Tensor(name, Datatype.FP32, new long[] {-1, manifest.labels().size()})).toList());
        }
    }

    public record Tensor(String name, String datatype, long[] shape) {
    }

    /** The model readiness document; {@code ready} is false only with a 503. */
    public record Ready(String name, boolean ready) {
    }
}
