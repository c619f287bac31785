package io.visionstream.inference.oip;

import io.visionstream.inference.scoring.Scored;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Builds the response's outputs from the scored batch elements: {@code probabilities} as FP32 {@code [N, classes]},
 * or with the classification extension the top k per element as BYTES {@code "value:index:label"} strings (the value
 * printed like Triton's, six decimals). {@code logits} is answered by omission: the service's sessions return
 * probabilities only. An output asked for as binary data (its {@code binary_data}, or the request's
 * {@code binary_data_output}) is appended to {@link Outputs#binary()} instead of being written into the JSON.
 */
final class OutputTensors {

    static final String PROBABILITIES = "probabilities";
    static final String LOGITS = "logits";
    private static final String CLASSIFICATION = "classification";

    /** The JSON outputs and the binary data that follows the JSON (empty when every output is in the JSON). */
    record Outputs(List<InferResponse.Output> json, byte[] binary) {
    }

    private OutputTensors() {
    }

    static Outputs outputs(InferRequest request, List<Scored> scored) {
        boolean binaryByDefault = Boolean.TRUE.equals(parameter(request.parameters(), "binary_data_output"));
        List<InferRequest.RequestedOutput> requested = request.outputs() == null || request.outputs().isEmpty()
                ? List.of(new InferRequest.RequestedOutput(PROBABILITIES, null)) : request.outputs();
        List<InferResponse.Output> json = new ArrayList<>();
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        for (InferRequest.RequestedOutput output : requested) {
            if (LOGITS.equals(output.name())) {
                continue;
            }
            if (!PROBABILITIES.equals(output.name())) {
                throw OipException.badRequest("unexpected inference output '" + output.name() + "', the model's output is '" + PROBABILITIES + "'");
            }
            Object k = parameter(output.parameters(), CLASSIFICATION);
            Object binaryParameter = parameter(output.parameters(), "binary_data");
            boolean asBinary = binaryParameter == null ? binaryByDefault : Boolean.TRUE.equals(binaryParameter);
            InferResponse.Output tensor = k == null ? probabilities(scored) : classification(scored, k);
            if (asBinary) {
                byte[] bytes = encode(tensor.data());
                binary.writeBytes(bytes);
                tensor = new InferResponse.Output(tensor.name(), tensor.datatype(), tensor.shape(),
                        Map.of(InputTensors.BINARY_DATA_SIZE, bytes.length), null);
            }
            json.add(tensor);
        }
        return new Outputs(json, binary.toByteArray());
    }

    private static InferResponse.Output probabilities(List<Scored> scored) {
        int classes = scored.get(0).probabilities().length;
        float[] data = new float[scored.size() * classes];
        for (int i = 0; i < scored.size(); i++) {
            System.arraycopy(scored.get(i).probabilities(), 0, data, i * classes, classes);
        }
        return new InferResponse.Output(PROBABILITIES, Datatype.FP32, new long[] {scored.size(), classes}, null, data);
    }

    private static InferResponse.Output classification(List<Scored> scored, Object requestedCount) {
        if (!(requestedCount instanceof Integer count) || count < 1) {
            throw OipException.badRequest("the classification parameter must be a positive integer, was " + requestedCount);
        }
        int k = Math.min(count, scored.get(0).probabilities().length);
        List<String> data = new ArrayList<>(scored.size() * k);
        for (Scored element : scored) {
            float[] p = element.probabilities();
            List<String> labels = element.manifest().labels();
            IntStream.range(0, p.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> p[i]).reversed().thenComparingInt(i -> i))
                    .limit(k)
                    .forEach(i -> data.add(String.format(Locale.ROOT, "%f:%d:%s", p[i], i, labels.get(i))));
        }
        return new InferResponse.Output(PROBABILITIES, Datatype.BYTES, new long[] {scored.size(), k}, null, data);
    }

    /** Little-endian floats, or each string as a 4-byte little-endian length and its UTF-8 bytes. */
    private static byte[] encode(Object data) {
        if (data instanceof float[] floats) {
            ByteBuffer buffer = ByteBuffer.allocate(floats.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(floats);
            return buffer.array();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object element : (List<?>) data) {
            byte[] bytes = element.toString().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static Object parameter(Map<String, Object> parameters, String name) {
        return parameters == null ? null : parameters.get(name);
    }
}
