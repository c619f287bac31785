package io.visionstream.common.preprocess;

import io.visionstream.common.image.DecodedImage;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * The single implementation of "decoded image to model input" that training and serving both run, so a model
 * sees in production exactly what it saw in training. Steps, in order: colour conversion (RGB to grey with the
 * ITU-R 601-2 luma weights 0.299/0.587/0.114 as PIL uses; grey to RGB by replication), resize per the
 * {@link ResizeSpec} (bilinear, see {@link Resampler}), centre crop, then {@code (v * scale - mean[c]) / std[c]}.
 * Output is C x H x W floats ({@link TensorLayout#NCHW}), or H x W x C when written for an NHWC model. The steps run
 * fused in two passes over the 8-bit samples ({@link FusedResize}): a large image is never copied to floats at full
 * resolution. Thread-safe; the resampling weights of the last input size are cached.
 */
public final class Preprocessor {

    /** ITU-R 601-2 luma weights (PIL's "L" conversion), also used by training-time colour augmentation. */
    public static final float LUMA_RED = 0.299f;
    public static final float LUMA_GREEN = 0.587f;
    public static final float LUMA_BLUE = 0.114f;

    private final PreprocessSpec spec;
    private final float[] scale;
    private final float[] shift;
    private volatile Geometry lastGeometry;

    public Preprocessor(PreprocessSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        int channels = spec.channels();
        this.scale = new float[channels];
        this.shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            double std = spec.std().get(c);
            scale[c] = (float) (spec.scale() / std);
            shift[c] = (float) (-spec.mean().get(c) / std);
        }
    }

    public PreprocessSpec spec() {
        return spec;
    }

    /** Preprocesses one image into a new array of {@link PreprocessSpec#floatsPerImage()} floats. */
    public float[] apply(DecodedImage image) {
        float[] out = new float[spec.floatsPerImage()];
        FloatBuffer target = FloatBuffer.wrap(out);
        applyInto(image, target, 0);
        return out;
    }

    /** Preprocesses one image into {@code target} as C x H x W floats starting at absolute float index {@code offset}. */
    public void applyInto(DecodedImage image, FloatBuffer target, int offset) {
        applyInto(image, target, offset, TensorLayout.NCHW);
    }

    /** Preprocesses one image into {@code target} at {@code offset}, its floats ordered as {@code layout} needs. */
    public void applyInto(DecodedImage image, FloatBuffer target, int offset, TensorLayout layout) {
        if (offset < 0 || offset + spec.floatsPerImage() > target.limit()) {
            throw new IndexOutOfBoundsException("an image needs " + spec.floatsPerImage() + " floats at offset " + offset
                    + " but the buffer's limit is " + target.limit());
        }
        Geometry geometry = geometryFor(image.height(), image.width());
        FusedResize.apply(image, spec.colour(), geometry.rows(), geometry.cols(), scale, shift, target, offset, layout);
    }

    /** Resampling weights for one input size (for the output size they are exact copies: weight 1, then 0). */
    private record Geometry(int inHeight, int inWidth, Resampler.Axis rows, Resampler.Axis cols) {
    }

    /** Weights depend only on the input size, and streams mostly repeat one size: the last geometry is reused. */
    private Geometry geometryFor(int inHeight, int inWidth) {
        Geometry cached = lastGeometry;
        if (cached != null && cached.inHeight() == inHeight && cached.inWidth() == inWidth) {
            return cached;
        }
        int outHeight = spec.resize().height();
        int outWidth = spec.resize().width();
        Geometry geometry;
        if (spec.resize().policy() == ResizePolicy.SHORTER_SIDE_CROP) {
            int shorter = spec.resize().shorterSide();
            int scaledHeight = inHeight <= inWidth ? shorter : scaledLonger(inHeight, inWidth, shorter);
            int scaledWidth = inWidth < inHeight ? shorter : scaledLonger(inWidth, inHeight, shorter);
            geometry = new Geometry(inHeight, inWidth, Resampler.Axis.of(inHeight, scaledHeight, (scaledHeight - outHeight) / 2, outHeight),
                    Resampler.Axis.of(inWidth, scaledWidth, (scaledWidth - outWidth) / 2, outWidth));
        } else {
            geometry = new Geometry(inHeight, inWidth, Resampler.Axis.of(inHeight, outHeight, 0, outHeight),
                    Resampler.Axis.of(inWidth, outWidth, 0, outWidth));
        }
        lastGeometry = geometry;
        return geometry;
    }

    /** The longer side after scaling the shorter one to {@code shorterTarget}, keeping the aspect ratio (rounded). */
    private static int scaledLonger(int longer, int shorter, int shorterTarget) {
        return (int) Math.round((double) longer * shorterTarget / shorter);
    }
}
