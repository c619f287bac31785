package io.visionstream.common.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * An ONNX model read without its tensors' values: every field is kept except the data of each {@code TensorProto}
 * (raw_data and the typed value lists), which is skipped in the stream unread. A tensor keeps its name, type, dims,
 * data location and external-data entries, so the graph's signature, its initialiser names and {@link ExternalTensors}
 * read the outline as they would the whole model. Checking a model therefore costs heap for its graph, not for its
 * weights: a 300 MB upload is inspected without holding 300 MB.
 *
 * <p>Tensors are found wherever they can be: initialisers and sparse initialisers of every graph, node attributes
 * (and the subgraphs they hold), model-local functions and training graphs.
 */
public final class ModelOutline {

    /** As deep as protobuf's own parser nests messages by default: a graph cannot overflow the stack. */
    static final int MAX_DEPTH = 100;

    private static final Set<Integer> TENSOR_VALUES = Set.of(OnnxMl.TensorProto.RAW_DATA_FIELD_NUMBER,
            OnnxMl.TensorProto.FLOAT_DATA_FIELD_NUMBER, OnnxMl.TensorProto.DOUBLE_DATA_FIELD_NUMBER,
            OnnxMl.TensorProto.INT32_DATA_FIELD_NUMBER, OnnxMl.TensorProto.INT64_DATA_FIELD_NUMBER,
            OnnxMl.TensorProto.UINT64_DATA_FIELD_NUMBER, OnnxMl.TensorProto.STRING_DATA_FIELD_NUMBER);

    /** The message types on a path from the model to a tensor. */
    private enum Part {
        MODEL, GRAPH, NODE, ATTRIBUTE, FUNCTION, TRAINING_INFO, SPARSE_TENSOR, TENSOR
    }

    private ModelOutline() {
    }

    /** Reads a serialised {@code ModelProto} from a stream; the caller closes it. */
    public static OnnxMl.ModelProto read(InputStream in) throws IOException {
        return outline(CodedInputStream.newInstance(in));
    }

    /** Reads a serialised {@code ModelProto} held in memory; the tensors' values are neither parsed nor copied. */
    public static OnnxMl.ModelProto read(byte[] onnx) throws IOException {
        return outline(CodedInputStream.newInstance(onnx));
    }

    private static OnnxMl.ModelProto outline(CodedInputStream in) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        copy(in, Part.MODEL, kept, 0);
        return OnnxMl.ModelProto.parseFrom(kept.toByteArray());
    }

    /** Copies the message {@code in} is positioned in (up to its limit or end) to {@code out}, leaving out tensor values. */
    private static void copy(CodedInputStream in, Part part, ByteArrayOutputStream out, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new InvalidProtocolBufferException("the model nests messages deeper than " + MAX_DEPTH);
        }
        CodedOutputStream writer = CodedOutputStream.newInstance(out);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            Part inner = nested(part, field);
            if (part == Part.TENSOR && TENSOR_VALUES.contains(field)) {
                in.skipField(tag);
            } else if (inner != null && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                writer.writeByteArray(field, message(in, inner, depth + 1));
            } else if (!in.skipField(tag, writer)) {
                break; // an end-group tag ends the message, as in protobuf's own parser
            }
        }
        writer.flush();
    }

    private static byte[] message(CodedInputStream in, Part part, int depth) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        copy(in, part, kept, depth);
        if (in.getBytesUntilLimit() != 0) {
            throw new InvalidProtocolBufferException("the model ends inside a message (truncated file?)");
        }
        in.popLimit(limit);
        return kept.toByteArray();
    }

    /** The message type field {@code field} of a {@code part} holds if a tensor can be inside it; null otherwise. */
    private static Part nested(Part part, int field) {
        return switch (part) {
            case MODEL -> switch (field) {
                case OnnxMl.ModelProto.GRAPH_FIELD_NUMBER -> Part.GRAPH;
                case OnnxMl.ModelProto.FUNCTIONS_FIELD_NUMBER -> Part.FUNCTION;
                case OnnxMl.ModelProto.TRAINING_INFO_FIELD_NUMBER -> Part.TRAINING_INFO;
                default -> null;
            };
            case GRAPH -> switch (field) {
                case OnnxMl.GraphProto.NODE_FIELD_NUMBER -> Part.NODE;
                case OnnxMl.GraphProto.INITIALIZER_FIELD_NUMBER -> Part.TENSOR;
                case OnnxMl.GraphProto.SPARSE_INITIALIZER_FIELD_NUMBER -> Part.SPARSE_TENSOR;
                default -> null;
            };
            case NODE -> field == OnnxMl.NodeProto.ATTRIBUTE_FIELD_NUMBER ? Part.ATTRIBUTE : null;
            case ATTRIBUTE -> switch (field) {
                case OnnxMl.AttributeProto.T_FIELD_NUMBER, OnnxMl.AttributeProto.TENSORS_FIELD_NUMBER -> Part.TENSOR;
                case OnnxMl.AttributeProto.G_FIELD_NUMBER, OnnxMl.AttributeProto.GRAPHS_FIELD_NUMBER -> Part.GRAPH;
                case OnnxMl.AttributeProto.SPARSE_TENSOR_FIELD_NUMBER, OnnxMl.AttributeProto.SPARSE_TENSORS_FIELD_NUMBER -> Part.SPARSE_TENSOR;
                default -> null;
            };
            case FUNCTION -> switch (field) {
                case OnnxMl.FunctionProto.NODE_FIELD_NUMBER -> Part.NODE;
                case OnnxMl.FunctionProto.ATTRIBUTE_PROTO_FIELD_NUMBER -> Part.ATTRIBUTE;
                default -> null;
            };
            case TRAINING_INFO -> field == OnnxMl.TrainingInfoProto.INITIALIZATION_FIELD_NUMBER
                    || field == OnnxMl.TrainingInfoProto.ALGORITHM_FIELD_NUMBER ? Part.GRAPH : null;
            case SPARSE_TENSOR -> field == OnnxMl.SparseTensorProto.VALUES_FIELD_NUMBER
                    || field == OnnxMl.SparseTensorProto.INDICES_FIELD_NUMBER ? Part.TENSOR : null;
            case TENSOR -> null;
        };
    }
}
