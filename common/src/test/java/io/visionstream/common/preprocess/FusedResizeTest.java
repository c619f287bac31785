package io.visionstream.common.preprocess;

import io.visionstream.common.image.DecodedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fused two-pass {@link Preprocessor} against the straightforward pipeline it replaced: whole float planes
 * (colour converted first), {@link Resampler#resample} per channel, then normalisation and the layout.
 */
class FusedResizeTest {

    private static final float TOLERANCE = 1e-4f;
    private static final int[][] SIZES = {{1, 1}, {7, 5}, {33, 17}, {101, 63}, {64, 97}, {250, 333}, {28, 28}, {224, 224}};

    static Stream<Arguments> cases() {
        List<ResizeSpec> resizes = List.of(ResizeSpec.direct(28, 28), ResizeSpec.direct(13, 31), ResizeSpec.direct(224, 224),
                ResizeSpec.shorterSideCrop(32, 28, 28), ResizeSpec.shorterSideCrop(256, 224, 224), ResizeSpec.shorterSideCrop(40, 21, 37));
        List<Arguments> cases = new ArrayList<>();
        for (ResizeSpec resize : resizes) {
            for (ColourMode colour : ColourMode.values()) {
                for (int inputChannels : new int[] {1, 3}) {
                    for (TensorLayout layout : TensorLayout.values()) {
                        cases.add(Arguments.of(resize, colour, inputChannels, layout));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} from {2} channel(s), {3}")
    @MethodSource("cases")
    void equalsTheStraightforwardPipeline(ResizeSpec resize, ColourMode colour, int inputChannels, TensorLayout layout) {
        PreprocessSpec spec = colour == ColourMode.RGB
                ? new PreprocessSpec(colour, resize, 1 / 255.0, List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225))
                : new PreprocessSpec(colour, resize, 1 / 255.0, List.of(0.286), List.of(0.353));
        Preprocessor preprocessor = new Preprocessor(spec);
        Random random = new Random(resize.hashCode() * 31L + colour.ordinal() * 7L + inputChannels);
        for (int[] size : SIZES) {
            DecodedImage image = randomImage(size[0], size[1], inputChannels, random);
            int offset = 3;
            FloatBuffer target = FloatBuffer.allocate(offset + spec.floatsPerImage());

            preprocessor.applyInto(image, target, offset, layout);

            float[] expected = reference(image, spec, layout);
            for (int i = 0; i < expected.length; i++) {
                assertThat(target.get(offset + i)).as("float %d of a %dx%d image", i, size[0], size[1])
                        .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(TOLERANCE));
            }
        }
    }

    private static DecodedImage randomImage(int width, int height, int channels, Random random) {
        byte[] pixels = new byte[channels * width * height];
        random.nextBytes(pixels);
        return new DecodedImage(width, height, channels, pixels, "raw");
    }

    /** Today's pipeline before fusion, written out plainly. */
    private static float[] reference(DecodedImage image, PreprocessSpec spec, TensorLayout layout) {
        int inHeight = image.height();
        int inWidth = image.width();
        int outHeight = spec.resize().height();
        int outWidth = spec.resize().width();
        Resampler.Axis rows;
        Resampler.Axis cols;
        if (spec.resize().policy() == ResizePolicy.SHORTER_SIDE_CROP) {
            int shorter = spec.resize().shorterSide();
            int scaledHeight = inHeight <= inWidth ? shorter : (int) Math.round((double) inHeight * shorter / inWidth);
            int scaledWidth = inWidth < inHeight ? shorter : (int) Math.round((double) inWidth * shorter / inHeight);
            rows = Resampler.Axis.of(inHeight, scaledHeight, (scaledHeight - outHeight) / 2, outHeight);
            cols = Resampler.Axis.of(inWidth, scaledWidth, (scaledWidth - outWidth) / 2, outWidth);
        } else {
            rows = Resampler.Axis.of(inHeight, outHeight, 0, outHeight);
            cols = Resampler.Axis.of(inWidth, outWidth, 0, outWidth);
        }
        int channels = spec.channels();
        int plane = inWidth * inHeight;
        int pixels = outHeight * outWidth;
        float[] out = new float[channels * pixels];
        for (int c = 0; c < channels; c++) {
            float[] source = new float[plane];
            for (int i = 0; i < plane; i++) {
                if (spec.colour() == ColourMode.GREY && image.channels() == 3) {
                    source[i] = Preprocessor.LUMA_RED * image.sample(0, i / inWidth, i % inWidth)
                            + Preprocessor.LUMA_GREEN * image.sample(1, i / inWidth, i % inWidth)
                            + Preprocessor.LUMA_BLUE * image.sample(2, i / inWidth, i % inWidth);
                } else {
                    source[i] = image.sample(image.channels() == 1 ? 0 : c, i / inWidth, i % inWidth);
                }
            }
            float[] resized = new float[pixels];
            Resampler.resample(source, inHeight, inWidth, rows, cols, resized);
            double std = spec.std().get(c);
            for (int i = 0; i < pixels; i++) {
                out[layout.index(c, i, channels, pixels)] = (float) ((resized[i] * spec.scale() - spec.mean().get(c)) / std);
            }
        }
        return out;
    }
}
