package io.visionstream.inference.oip;

import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.inference.scoring.Scored;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Builds the answer's outputs from the scored batch elements, for both transports: {@code probabilities} and, when the
 * model's manifest names logits, {@code logits}, each as FP32 {@code [N, classes]}, or with the classification
 * extension the top k per element as BYTES {@code "value:index:label"} strings (the value printed like Triton's, six
 * decimals). A request that names no outputs gets all of the model's outputs, as the protocol says; one naming an
 * output the model lacks is refused. An output is raw when its {@code binary_data} parameter says so, else when the
 * call's default says so.
 */
final class OutputTensors {

    static final String PROBABILITIES = "probabilities";
    static final String LOGITS = "logits";
    private static final String CLASSIFICATION = "classification";
    private static final String BINARY_DATA = "binary_data";

    private OutputTensors() {
    }

    /** The names of the outputs a model answers, in the order a request naming none gets them. */
    static List<String> names(ModelManifest manifest) {
        return manifest.outputs().logits() == null ? List.of(PROBABILITIES) : List.of(PROBABILITIES, LOGITS);
    }

    /**
     * The outputs asked for; the outputs on offer are those every element has (an element whose canary failed is
     * answered by the stable version, which may lack logits).
     */
    static List<OutputTensor> outputs(List<InferRequest.RequestedOutput> requestedOutputs, boolean rawByDefault, List<Scored> scored) {
        List<String> names = scored.stream().map(element -> names(element.manifest())).min(Comparator.comparingInt(List::size)).orElseThrow();
        List<InferRequest.RequestedOutput> requested = requestedOutputs == null || requestedOutputs.isEmpty()
                ? names.stream().map(name -> new InferRequest.RequestedOutput(name, null)).toList() : requestedOutputs;
        List<OutputTensor> outputs = new ArrayList<>();
        for (InferRequest.RequestedOutput output : requested) {
            if (!names.contains(output.name())) {
                throw OipException.badRequest("unexpected inference output '" + output.name() + "', the model's outputs are " + names);
            }
            Function<Scored, float[]> values = LOGITS.equals(output.name()) ? Scored::logits : Scored::probabilities;
            Object k = parameter(output.parameters(), CLASSIFICATION);
            Object binaryParameter = parameter(output.parameters(), BINARY_DATA);
            boolean raw = binaryParameter == null ? rawByDefault : Boolean.TRUE.equals(binaryParameter);
            outputs.add(k == null ? values(output.name(), scored, values, raw) : classification(output.name(), scored, values, k, raw));
        }
        return outputs;
    }

    private static OutputTensor values(String name, List<Scored> scored, Function<Scored, float[]> values, boolean raw) {
        int classes = values.apply(scored.get(0)).length;
        float[] data = new float[scored.size() * classes];
        for (int i = 0; i < scored.size(); i++) {
            System.arraycopy(values.apply(scored.get(i)), 0, data, i * classes, classes);
        }
        return new OutputTensor(name, Datatype.FP32, new long[] {scored.size(), classes}, data, raw);
    }

    private static OutputTensor classification(String name, List<Scored> scored, Function<Scored, float[]> values, Object requestedCount,
                                               boolean raw) {
        if (!(requestedCount instanceof Integer || requestedCount instanceof Long) || ((Number) requestedCount).longValue() < 1) {
            throw OipException.badRequest("the classification parameter must be a positive integer, was " + requestedCount);
        }
        int k = (int) Math.min(((Number) requestedCount).longValue(), values.apply(scored.get(0)).length);
        List<String> data = new ArrayList<>(scored.size() * k);
        for (Scored element : scored) {
            float[] p = values.apply(element);
            List<String> labels = element.manifest().labels();
            IntStream.range(0, p.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> p[i]).reversed().thenComparingInt(i -> i))
                    .limit(k)
                    .forEach(i -> data.add(String.format(Locale.ROOT, "%f:%d:%s", p[i], i, labels.get(i))));
        }
        return new OutputTensor(name, Datatype.BYTES, new long[] {scored.size(), k}, data, raw);
    }

    private static Object parameter(Map<String, Object> parameters, String name) {
        return parameters == null ? null : parameters.get(name);
    }
}
