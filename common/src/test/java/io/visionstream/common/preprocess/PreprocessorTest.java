package io.visionstream.common.preprocess;

import io.visionstream.common.image.DecodedImage;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PreprocessorTest {

    private static final float EXACT = 1e-5f;

    @Test
    void sameSizeLeavesPixelsUntouchedAndScales() {
        DecodedImage image = grey(2, 2, 0, 51, 102, 255);

        float[] out = new Preprocessor(greySpec(ResizeSpec.direct(2, 2), 0.0, 1.0)).apply(image);

        assertThat(out).containsExactly(new float[] {0f, 0.2f, 0.4f, 1.0f}, within(EXACT));
    }

    @Test
    void upscalesBilinearlyWithHalfPixelCentresAndClampedEdges() {
        DecodedImage row = grey(2, 1, 0, 100);

        float[] out = new Preprocessor(rawGrey(ResizeSpec.direct(1, 4))).apply(row);

        // output centres 0.25, 0.75, 1.25, 1.75 in input coordinates
        assertThat(out).containsExactly(new float[] {0f, 25f, 75f, 100f}, within(EXACT));
    }

    @Test
    void downscalesWithAWidenedTriangleFilter() {
        DecodedImage row = grey(4, 1, 0, 40, 80, 120);

        float[] out = new Preprocessor(rawGrey(ResizeSpec.direct(1, 2))).apply(row);

        // output centre 1.0 sees inputs 0,1,2 with weights .75,.75,.25; centre 3.0 sees 1,2,3 with .25,.75,.75
        assertThat(out).containsExactly(new float[] {50f / 1.75f, 160f / 1.75f}, within(1e-4f));
    }

    @Test
    void convertsRgbToGreyWithItuR601Luma() {
        DecodedImage rgb = new DecodedImage(1, 1, 3, new byte[] {100, (byte) 200, 50}, "raw");

        float[] out = new Preprocessor(rawGrey(ResizeSpec.direct(1, 1))).apply(rgb);

        assertThat(out[0]).isCloseTo(0.299f * 100 + 0.587f * 200 + 0.114f * 50, within(EXACT)).isCloseTo(153.0f, within(1e-4f));
    }

    @Test
    void replicatesGreyIntoThreeChannels() {
        DecodedImage image = grey(1, 2, 10, 20);
        PreprocessSpec rgb = new PreprocessSpec(ColourMode.RGB, ResizeSpec.direct(2, 1), 1.0, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0));

        float[] out = new Preprocessor(rgb).apply(image);

        assertThat(out).containsExactly(new float[] {10, 20, 10, 20, 10, 20}, within(EXACT));
    }

    @Test
    void normalisesEachChannelWithItsOwnMeanAndStd() {
        DecodedImage pixel = new DecodedImage(1, 1, 3, new byte[] {(byte) 255, 0, (byte) 128}, "raw");
        PreprocessSpec spec = new PreprocessSpec(ColourMode.RGB, ResizeSpec.direct(1, 1), 1.0 / 255, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.25, 1.0));

        float[] out = new Preprocessor(spec).apply(pixel);

        assertThat(out).containsExactly(new float[] {1.0f, -2.0f, 128f / 255 - 0.5f}, within(EXACT));
    }

    @Test
    void cropsTheCentreAfterScalingTheShorterSide() {
        DecodedImage wide = grey(4, 2, 10, 20, 30, 40, 50, 60, 70, 80);
        float[] out = new Preprocessor(rawGrey(ResizeSpec.shorterSideCrop(2, 2, 2))).apply(wide);
        assertThat(out).containsExactly(new float[] {20, 30, 60, 70}, within(EXACT));

        DecodedImage tall = grey(2, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        float[] tallOut = new Preprocessor(rawGrey(ResizeSpec.shorterSideCrop(2, 2, 2))).apply(tall);
        assertThat(tallOut).containsExactly(new float[] {5, 6, 7, 8}, within(EXACT));
    }

    @Test
    void scalesTheShorterSideKeepingAspectBeforeCropping() {
        // 4x8 (w x h) scaled so the shorter side is 2 -> 2x4, then the centre 2x2 (rows 1..2) is kept
        byte[] px = new byte[32];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 4; x++) {
                px[y * 4 + x] = (byte) (y * 10);
            }
        }
        float[] out = new Preprocessor(rawGrey(ResizeSpec.shorterSideCrop(2, 2, 2))).apply(new DecodedImage(4, 8, 1, px, "raw"));

        // scaled row 1 has centre 3.0 in input rows: inputs 1..4 weighted .25,.75,.75,.25 -> 25; row 2 -> 45
        assertThat(out).containsExactly(new float[] {25, 25, 45, 45}, within(1e-4f));
    }

    @Test
    void fillsADirectNchwBatch() {
        Preprocessor preprocessor = new Preprocessor(rawGrey(ResizeSpec.direct(1, 2)));
        TensorBatch batch = new TensorBatch(preprocessor, 4);

        batch.put(0, grey(2, 1, 1, 2));
        batch.put(1, grey(2, 1, 3, 4));

        FloatBuffer view = batch.view();
        assertThat(view.isDirect()).isTrue();
        assertThat(batch.shape()).containsExactly(2, 1, 1, 2);
        float[] values = new float[view.remaining()];
        view.get(values);
        assertThat(values).containsExactly(1, 2, 3, 4);

        batch.clear();
        assertThat(batch.size()).isZero();
        assertThatThrownBy(() -> batch.put(4, grey(2, 1, 0, 0))).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("capacity 4");
    }

    @Test
    void refusesInconsistentSpecsWithAPreciseMessage() {
        assertThatThrownBy(() -> new PreprocessSpec(ColourMode.RGB, ResizeSpec.direct(2, 2), 1.0, List.of(0.5), List.of(0.5, 0.5, 0.5)))
                .hasMessageContaining("rgb has 3 channel(s) but mean has 1");
        assertThatThrownBy(() -> new PreprocessSpec(ColourMode.GREY, ResizeSpec.direct(2, 2), 1.0, List.of(0.0), List.of(0.0)))
                .hasMessageContaining("std[0] must be > 0");
        assertThatThrownBy(() -> ResizeSpec.shorterSideCrop(100, 224, 224)).hasMessageContaining("shorterSide >= max(height, width) = 224");
    }

    private static PreprocessSpec greySpec(ResizeSpec resize, double mean, double std) {
        return new PreprocessSpec(ColourMode.GREY, resize, 1.0 / 255, List.of(mean), List.of(std));
    }

    private static PreprocessSpec rawGrey(ResizeSpec resize) {
        return new PreprocessSpec(ColourMode.GREY, resize, 1.0, List.of(0.0), List.of(1.0));
    }

    private static DecodedImage grey(int width, int height, int... samples) {
        byte[] px = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            px[i] = (byte) samples[i];
        }
        return new DecodedImage(width, height, 1, px, "raw");
    }
}
