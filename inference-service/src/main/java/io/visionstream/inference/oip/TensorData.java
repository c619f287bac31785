package io.visionstream.inference.oip;

import java.util.List;

/**
 * An input tensor's elements in whatever form the protocol carried them (JSON, binary tensor data, gRPC contents or
 * raw contents), read in the form the tensor's datatype asks for; each form refuses data of the wrong kind (400), so
 * {@link InputTensors} checks shapes once for every transport.
 */
public interface TensorData {

    /** The elements as FP32 values, row-major. */
    float[] floats();

    /** The elements as BYTES values, row-major. */
    List<byte[]> elements();
}
