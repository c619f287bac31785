package io.visionstream.trainer.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** The file format of the trainer's optimiser state: per parameter, float arrays shaped like the parameter. */
final class StateArrays {

    private StateArrays() {
    }

    /** The key an optimiser keeps a parameter's state under (one copy per device). */
    static String key(String parameterId, Device device) {
        return parameterId + "@" + device;
    }

    /** Writes one parameter's state. */
    interface Writer<T> {
        void write(DataOutputStream out, T state) throws IOException;
    }

    /** Reads one parameter's state, shaped like {@code parameter}. */
    interface Reader<T> {
        T read(DataInputStream in, Parameter parameter) throws IOException;
    }

    /** Writes the count, then per parameter in order whether it has state in {@code states} and, if so, that state. */
    static <T> void writeAll(DataOutputStream out, List<Parameter> parameters, Map<String, T> states, Writer<T> writer) throws IOException {
        out.writeInt(parameters.size());
        for (Parameter parameter : parameters) {
            T state = states.get(key(parameter.getId(), parameter.getArray().getDevice()));
            out.writeBoolean(state != null);
            if (state != null) {
                writer.write(out, state);
            }
        }
    }

    /** Reads what {@link #writeAll} wrote into {@code states}; fails unless it was written for as many parameters. */
    static <T> void readAll(DataInputStream in, List<Parameter> parameters, Map<String, T> states, Reader<T> reader) throws IOException {
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("the optimizer state holds " + count + " parameters, the network has " + parameters.size());
        }
        for (Parameter parameter : parameters) {
            if (in.readBoolean()) {
                states.put(key(parameter.getId(), parameter.getArray().getDevice()), reader.read(in, parameter));
            }
        }
    }

    static void write(DataOutputStream out, NDArray array) throws IOException {
        float[] values = array.toFloatArray();
        out.writeInt(values.length);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
        bytes.asFloatBuffer().put(values);
        out.write(bytes.array());
    }

    /** Reads one array written by {@link #write} as {@code what} of {@code parameter}, on the parameter's device. */
    static NDArray read(DataInputStream in, Parameter parameter, String what) throws IOException {
        NDArray weight = parameter.getArray();
        int length = in.readInt();
        if (length != weight.size()) {
            throw new IOException("the " + what + " of " + parameter.getName() + " has " + length + " values, the parameter " + weight.size());
        }
        byte[] bytes = new byte[length * Float.BYTES];
        in.readFully(bytes);
        float[] values = new float[length];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
        return weight.getManager().create(values, weight.getShape());
    }
}
