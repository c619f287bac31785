package io.visionstream.inference.oip.grpc;

import com.google.protobuf.ByteString;
import io.visionstream.inference.oip.OipException;
import io.visionstream.inference.oip.TensorData;
import io.visionstream.inference.oip.grpc.v2.InferTensorContents;

import java.util.List;

/**
 * A gRPC input's typed {@code contents}: FP32 values in {@code fp32_contents}, BYTES elements in
 * {@code bytes_contents}, as the protocol places each datatype; values in another field are refused, not converted.
 */
record ContentsTensorData(String input, InferTensorContents contents) implements TensorData {

    @Override
    public float[] floats() {
        if (contents.getFp32ContentsCount() == 0 && contents.getSerializedSize() > 0) {
            throw OipException.badRequest("FP32 input '" + input + "' must carry its values in contents.fp32_contents (or raw_input_contents)");
        }
        float[] floats = new float[contents.getFp32ContentsCount()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = contents.getFp32Contents(i);
        }
        return floats;
    }

    @Override
    public List<byte[]> elements() {
        if (contents.getBytesContentsCount() == 0 && contents.getSerializedSize() > 0) {
            throw OipException.badRequest("BYTES input '" + input + "' must carry its elements in contents.bytes_contents (or raw_input_contents)");
        }
        return contents.getBytesContentsList().stream().map(ByteString::toByteArray).toList();
    }
}
