package io.visionstream.inference.oip;

import io.visionstream.inference.scoring.Scored;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Builds the answer's outputs from the scored batch elements, for both transports: {@code probabilities} as FP32
 * {@code [N, classes]}, or with the classification extension the top k per element as BYTES
 * {@code "value:index:label"} strings (the value printed like Triton's, six decimals). {@code logits} is answered by
 * omission: the service's sessions return probabilities only. An output is raw when its {@code binary_data}
 * parameter says so, else when the call's default says so.
 */
final class OutputTensors {

    static final String PROBABILITIES = "probabilities";
    static final String LOGITS = "logits";
    private static final String CLASSIFICATION = "classification";
    private static final String BINARY_DATA = "binary_data";

    private OutputTensors() {
    }

    static List<OutputTensor> outputs(List<InferRequest.RequestedOutput> requestedOutputs, boolean rawByDefault, List<Scored> scored) {
        List<InferRequest.RequestedOutput> requested = requestedOutputs == null || requestedOutputs.isEmpty()
                ? List.of(new InferRequest.RequestedOutput(PROBABILITIES, null)) : requestedOutputs;
        List<OutputTensor> outputs = new ArrayList<>();
        for (InferRequest.RequestedOutput output : requested) {
            if (LOGITS.equals(output.name())) {
                continue;
            }
            if (!PROBABILITIES.equals(output.name())) {
                throw OipException.badRequest("unexpected inference output '" + output.name() + "', the model's output is '" + PROBABILITIES + "'");
            }
            Object k = parameter(output.parameters(), CLASSIFICATION);
            Object binaryParameter = parameter(output.parameters(), BINARY_DATA);
            boolean raw = binaryParameter == null ? rawByDefault : Boolean.TRUE.equals(binaryParameter);
            outputs.add(k == null ? probabilities(scored, raw) : classification(scored, k, raw));
        }
        return outputs;
    }

    private static OutputTensor probabilities(List<Scored> scored, boolean raw) {
        int classes = scored.get(0).probabilities().length;
        float[] data = new float[scored.size() * classes];
        for (int i = 0; i < scored.size(); i++) {
            System.arraycopy(scored.get(i).probabilities(), 0, data, i * classes, classes);
        }
        return new OutputTensor(PROBABILITIES, Datatype.FP32, new long[] {scored.size(), classes}, data, raw);
    }

    private static OutputTensor classification(List<Scored> scored, Object requestedCount, boolean raw) {
        if (!(requestedCount instanceof Integer || requestedCount instanceof Long) || ((Number) requestedCount).longValue() < 1) {
            throw OipException.badRequest("the classification parameter must be a positive integer, was " + requestedCount);
        }
        int k = (int) Math.min(((Number) requestedCount).longValue(), scored.get(0).probabilities().length);
        List<String> data = new ArrayList<>(scored.size() * k);
        for (Scored element : scored) {
            float[] p = element.probabilities();
            List<String> labels = element.manifest().labels();
            IntStream.range(0, p.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> p[i]).reversed().thenComparingInt(i -> i))
                    .limit(k)
                    .forEach(i -> data.add(String.format(Locale.ROOT, "%f:%d:%s", p[i], i, labels.get(i))));
        }
        return new OutputTensor(PROBABILITIES, Datatype.BYTES, new long[] {scored.size(), k}, data, raw);
    }

    private static Object parameter(Map<String, Object> parameters, String name) {
        return parameters == null ? null : parameters.get(name);
    }
}
