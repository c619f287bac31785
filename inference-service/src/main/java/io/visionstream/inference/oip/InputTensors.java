package io.visionstream.inference.oip;

import io.visionstream.common.image.DecodeTarget;
import io.visionstream.common.image.ImageDecoder;
import io.visionstream.common.image.ImageRejectedException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a request's one input tensor into batch elements: FP32 {@code [N, C, H, W]} into N model tensors, BYTES
 * {@code [N]} into N JPEG or PNG images decoded by the service's {@link ImageDecoder} with its limits. The rules are
 * the same whichever transport carried the tensor ({@link TensorData}). Everything is checked before anything is
 * scored.
 */
final class InputTensors {

    private InputTensors() {
    }

    static List<InputItem> items(List<InputTensor> inputs, String inputName, int maxItems, ImageDecoder decoder, DecodeTarget target) {
        if (inputs == null || inputs.size() != 1) {
            throw OipException.badRequest("expected exactly one input, '" + inputName + "'");
        }
        InputTensor input = inputs.get(0);
        if (!inputName.equals(input.name())) {
            throw OipException.badRequest("unexpected inference input '" + input.name() + "', the model's input is '" + inputName + "'");
        }
        if (input.shape() == null || input.shape().length == 0 || input.data() == null) {
            throw OipException.badRequest("input '" + inputName + "' needs a shape and data");
        }
        long batch = input.shape()[0];
        if (batch < 1) {
            throw OipException.badRequest("the batch dimension must be >= 1, was " + batch);
        }
        if (batch > maxItems) {
            throw new OipException(413, "a request may carry at most " + maxItems + " batch elements, this one has " + batch);
        }
        return switch (String.valueOf(input.datatype())) {
            case Datatype.FP32 -> tensors(input.shape(), input.data().floats());
            case Datatype.BYTES -> images(input.shape(), input.data().elements(), decoder, target);
            default -> throw OipException.badRequest("input '" + inputName + "' must be FP32 (preprocessed) or BYTES (encoded images), was "
                    + input.datatype());
        };
    }

    private static List<InputItem> tensors(long[] shape, float[] values) {
        if (shape.length != 4 || shape[1] < 1 || shape[2] < 1 || shape[3] < 1) {
            throw OipException.badRequest("an FP32 input has shape [batch, C, H, W], was " + Arrays.toString(shape));
        }
        int batch = (int) shape[0];
        long perItem = shape[1] * shape[2] * shape[3];
        if (values.length != batch * perItem) {
            throw OipException.badRequest("shape " + Arrays.toString(shape) + " needs " + batch * perItem + " values, the data has " + values.length);
        }
        List<InputItem> items = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            float[] tensor = Arrays.copyOfRange(values, (int) (i * perItem), (int) ((i + 1) * perItem));
            items.add(InputItem.tensor(tensor, new long[] {shape[1], shape[2], shape[3]}));
        }
        return items;
    }

    private static List<InputItem> images(long[] shape, List<byte[]> encoded, ImageDecoder decoder, DecodeTarget target) {
        if (shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
            throw OipException.badRequest("a BYTES input has shape [batch] or [batch, 1], one encoded image each");
        }
        if (encoded.size() != shape[0]) {
            throw OipException.badRequest("shape " + Arrays.toString(shape) + " needs " + shape[0] + " images, the data has " + encoded.size());
        }
        List<InputItem> items = new ArrayList<>(encoded.size());
        for (byte[] image : encoded) {
            try {
                items.add(InputItem.image(decoder.decode(image, null, target)));
            } catch (ImageRejectedException e) {
                throw new OipException(switch (e.reason()) {
                    case TOO_LARGE, TOO_MANY_PIXELS -> 413;
                    default -> 400;
                }, e.reason() + ": " + e.getMessage());
            }
        }
        return items;
    }
}
