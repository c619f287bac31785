package io.visionstream.trainer.testing;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.visionstream.common.testing.TinyClassifiers;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A valid ONNX classifier as large as a test needs, written to disk without holding its size in memory: the
 * {@link TinyClassifiers#columnClassifier column classifier} followed by a second {@code graph} field whose only
 * content is an unused float initialiser {@value #PADDING_NAME} of the requested size. Protobuf merges the two
 * {@code graph} fields, so the file reads as the column classifier with one more initialiser, and its zeros are
 * streamed out a megabyte at a time.
 */
public final class PaddedClassifier {

    public static final String PADDING_NAME = "unused_padding";
    private static final int CHUNK_BYTES = 1 << 20;

    private PaddedClassifier() {
    }

    /** Writes the classifier with {@code paddingBytes} (a multiple of 4, under 2 GiB) of initialiser data to {@code file}. */
    public static void write(Path file, int channels, int classes, int paddingBytes) throws IOException {
        if (paddingBytes % Float.BYTES != 0) {
            throw new IllegalArgumentException("the padding is a float tensor: " + paddingBytes + " bytes is not a multiple of 4");
        }
        OnnxMl.TensorProto header = OnnxMl.TensorProto.newBuilder().setName(PADDING_NAME)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).addDims(paddingBytes / Float.BYTES).build();
        int tensorLength = header.getSerializedSize() + CodedOutputStream.computeTagSize(OnnxMl.TensorProto.RAW_DATA_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(paddingBytes) + paddingBytes;
        int graphLength = CodedOutputStream.computeTagSize(OnnxMl.GraphProto.INITIALIZER_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(tensorLength) + tensorLength;
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), CHUNK_BYTES)) {
            CodedOutputStream out = CodedOutputStream.newInstance(stream);
            out.writeRawBytes(TinyClassifiers.columnClassifier(channels, classes));
            out.writeTag(OnnxMl.ModelProto.GRAPH_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(graphLength);
            out.writeTag(OnnxMl.GraphProto.INITIALIZER_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(tensorLength);
            header.writeTo(out);
            out.writeTag(OnnxMl.TensorProto.RAW_DATA_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(paddingBytes);
            byte[] zeros = new byte[CHUNK_BYTES];
            for (int left = paddingBytes; left > 0; left -= CHUNK_BYTES) {
                out.writeRawBytes(zeros, 0, Math.min(left, CHUNK_BYTES));
            }
            out.flush();
        }
    }
}
