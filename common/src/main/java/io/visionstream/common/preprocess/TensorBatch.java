package io.visionstream.common.preprocess;

import io.visionstream.common.image.DecodedImage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A reusable float batch in a direct, native-order buffer, which ONNX Runtime and DJL both take without copying into
 * the Java heap, laid out as the model's input is ({@link TensorLayout}, NCHW by default). Images are written by
 * index with the batch's {@link Preprocessor}; {@link #view()} exposes exactly the images written so far. Not thread-safe for concurrent writes to the same index.
 */
public final class TensorBatch {

    private final Preprocessor preprocessor;
    private final int capacity;
    private final TensorLayout layout;
    private final FloatBuffer buffer;
    private int size;

    public TensorBatch(Preprocessor preprocessor, int capacity) {
        this(preprocessor, capacity, TensorLayout.NCHW);
    }

    public TensorBatch(Preprocessor preprocessor, int capacity, TensorLayout layout) {
        if (capacity < 1) {
            throw new IllegalArgumentException("batch capacity must be >= 1, was " + capacity);
        }
        this.preprocessor = preprocessor;
        this.capacity = capacity;
        this.layout = layout;
        long bytes = (long) capacity * preprocessor.spec().floatsPerImage() * Float.BYTES;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a batch of " + capacity + " images of " + preprocessor.spec().floatsPerImage()
                    + " floats exceeds 2 GiB; use a smaller batch");
        }
        this.buffer = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Preprocesses {@code image} into slot {@code index}; the batch grows to cover the highest index written. */
    public void put(int index, DecodedImage image) {
        if (index < 0 || index >= capacity) {
            throw new IndexOutOfBoundsException("batch index " + index + " outside capacity " + capacity);
        }
        preprocessor.applyInto(image, buffer, index * preprocessor.spec().floatsPerImage(), layout);
        size = Math.max(size, index + 1);
    }

    /**
     * Copies an already preprocessed C x H x W image ({@link Preprocessor#apply}) into slot {@code index}, in the batch's
     * layout: lets several threads preprocess in parallel while one thread assembles the batch.
     */
    public void put(int index, float[] preprocessed) {
        if (index < 0 || index >= capacity) {
            throw new IndexOutOfBoundsException("batch index " + index + " outside capacity " + capacity);
        }
        int floats = preprocessor.spec().floatsPerImage();
        if (preprocessed.length != floats) {
            throw new IllegalArgumentException("a preprocessed image has " + floats + " floats for this batch, got " + preprocessed.length);
        }
        if (layout == TensorLayout.NCHW) {
            buffer.put(index * floats, preprocessed);
        } else {
            int channels = preprocessor.spec().channels();
            int pixels = floats / channels;
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < pixels; p++) {
                    buffer.put(index * floats + layout.index(c, p, channels, pixels), preprocessed[c * pixels + p]);
                }
            }
        }
        size = Math.max(size, index + 1);
    }

    /** Forgets the images written, keeping the memory for the next batch. */
    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** Shape of the filled part: {@code [size, C, H, W]}, or {@code [size, H, W, C]} for NHWC. */
    public long[] shape() {
        ResizeSpec r = preprocessor.spec().resize();
        return layout.shape(size, preprocessor.spec().channels(), r.height(), r.width());
    }

    /** A read-only view positioned at 0 whose limit covers the images written. */
    public FloatBuffer view() {
        FloatBuffer view = buffer.duplicate();
        view.position(0).limit(size * preprocessor.spec().floatsPerImage());
        return view.slice().asReadOnlyBuffer();
    }
}
