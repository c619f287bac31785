package io.visionstream.common.dataset;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (images: magic 2051, count, rows, cols, then u8 pixels; labels:
 * magic 2049, count, then u8 labels), plain or gzipped. Shared by the trainer (training data) and the clients that
 * stream the same test images (the demo), so both read exactly the same pixels.
 */
public final class IdxFiles {

    public static final int IMAGES_MAGIC = 2051;
    public static final int LABELS_MAGIC = 2049;

    /** The images of an IDX pair, each {@code rows x cols} bytes in row-major order, and their labels. */
    public record Contents(int rows, int cols, byte[] pixels, int[] labels) {
        public int count() {
            return labels.length;
        }

        /** Image {@code index}'s pixels. */
        public byte[] image(int index) {
            byte[] one = new byte[rows * cols];
            System.arraycopy(pixels, index * one.length, one, 0, one.length);
            return one;
        }

        /** Image {@code index} as an 8-bit grey picture, e.g. to encode it as a producer would send it. */
        public BufferedImage greyImage(int index) {
            BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, cols, rows, image(index));
            return image;
        }
    }

    private IdxFiles() {
    }

    /** Reads an image file and its label file; fails naming the file when either is not IDX or the counts differ. */
    public static Contents read(Path images, Path labels) throws IOException {
        try (DataInputStream imageIn = open(images); DataInputStream labelIn = open(labels)) {
            expectMagic(imageIn, IMAGES_MAGIC, images);
            int count = imageIn.readInt();
            int rows = imageIn.readInt();
            int cols = imageIn.readInt();
            expectMagic(labelIn, LABELS_MAGIC, labels);
            int labelCount = labelIn.readInt();
            if (labelCount != count) {
                throw new IOException(images.getFileName() + " has " + count + " images but " + labels.getFileName() + " has " + labelCount + " labels");
            }
            byte[] pixels = new byte[Math.multiplyExact(count, rows * cols)];
            imageIn.readFully(pixels);
            byte[] raw = new byte[count];
            labelIn.readFully(raw);
            int[] labelValues = new int[count];
            for (int i = 0; i < count; i++) {
                labelValues[i] = raw[i] & 0xFF;
            }
            return new Contents(rows, cols, pixels, labelValues);
        }
    }

    private static void expectMagic(DataInputStream in, int magic, Path file) throws IOException {
        int actual = in.readInt();
        if (actual != magic) {
            throw new IOException(file + " is not an IDX " + (magic == IMAGES_MAGIC ? "image" : "label") + " file (magic " + actual + ", expected " + magic + ")");
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return new DataInputStream(b1 == 0x1F && b2 == 0x8B ? new BufferedInputStream(new GZIPInputStream(in), 1 << 16) : in);
    }
}
