package io.visionstream.trainer.augment;

import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.ResizeSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AugmenterTest {

    /** Grey, normalised with mean 0.9 and std 0.1: black becomes -9. */
    private static PreprocessSpec grey(int side) {
        return new PreprocessSpec(ColourMode.GREY, ResizeSpec.direct(side, side), 1.0 / 255, List.of(0.9), List.of(0.1));
    }

    @Test
    void flipMirrorsEachRow() {
        float[] image = {1, 2, 3, 4, 5, 6}; // 1 channel, 2 rows x 3 columns
        Augmenter flip = Augmenter.parse("flip", grey(3));

        flip.apply(image, 1, 1, 2, 3, always(true, 0));

        assertThat(image).containsExactly(3, 2, 1, 6, 5, 4);
    }

    @Test
    void cropShiftsTheImageAndFillsWithNormalisedBlack() {
        float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9}; // 3x3, padding max(1, 3/8) = 1
        Augmenter crop = Augmenter.parse("crop", grey(3));

        crop.apply(image, 1, 1, 3, 3, always(false, 2)); // nextInt(3) = 2 -> shift +1 down and +1 right in the source

        assertThat(image).containsExactly(5, 6, -9, 8, 9, -9, -9, -9, -9);
    }

    @Test
    void unknownOrMalformedAugmentationIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Augmenter.Options.parse("flip,rotate")).hasMessageStartingWith("augment ")
                .hasMessageContaining("unknown augmentation 'rotate'");
        assertThatThrownBy(() -> Augmenter.Options.parse("jitter:lots")).hasMessageStartingWith("augment ").hasMessageContaining("jitter:lots");
        assertThatThrownBy(() -> Augmenter.Options.parse("jitter:-1")).hasMessageContaining("number >= 0");
        assertThat(Augmenter.parse("none", grey(28)).active()).isFalse();
        assertThat(Augmenter.Options.parse("resized-crop, jitter")).isEqualTo(new Augmenter.Options(false, false, true, 0.4));
        assertThat(Augmenter.Options.parse("jitter:0.25").jitter()).isEqualTo(0.25);
    }

    @Test
    void jitterOfStrengthZeroIsTheIdentity() {
        PreprocessSpec rgb = new PreprocessSpec(ColourMode.RGB, ResizeSpec.direct(4, 4), 1.0 / 255, List.of(0.5, 0.4, 0.3), List.of(0.2, 0.25, 0.3));
        float[] image = randomImage(3 * 16, new Random(1));
        float[] before = image.clone();

        Augmenter.parse("jitter:0", rgb).apply(image, 1, 3, 4, 4, new Random(2));

        assertThat(image).containsExactly(before);
    }

    @Test
    void brightnessScalesContrastBlendsWithTheMeanAndSaturationWithTheGreyLevel() {
        float[] mean = {0.5f, 0.5f, 0.5f};
        float[] std = {0.25f, 0.25f, 0.25f};
        // two pixels: (0.2, 0.4, 0.6) and (0.6, 0.4, 0.2), normalised
        float[] raw = {0.2f, 0.6f, 0.4f, 0.4f, 0.6f, 0.2f};
        float[] image = new float[6];
        for (int i = 0; i < 6; i++) {
            image[i] = (raw[i] - 0.5f) / 0.25f;
        }
        Random fixed = new Random() {
            @Override
            public double nextDouble() {
                return 1.0; // factor = 1 + strength
            }
        };

        new ColourJitter(0.5, 0, 0, mean, std).apply(image, 0, 3, 2, fixed);
        assertThat(denormalised(image, 0)).isCloseTo(0.3f, within(1e-6f)); // 0.2 x 1.5
        assertThat(denormalised(image, 5)).isCloseTo(0.3f, within(1e-6f));

        float[] contrast = image.clone();
        new ColourJitter(0, 1, 0, mean, std).apply(contrast, 0, 3, 2, fixed);
        // grey levels 0.299*0.3 + 0.587*0.6 + 0.114*0.9 = 0.5445 and 0.6555, mean 0.6; factor 2: 2x - 0.6
        assertThat(denormalised(contrast, 0)).isCloseTo(0.0f, within(1e-5f));
        assertThat(denormalised(contrast, 2)).isCloseTo(0.6f, within(1e-5f));
        assertThat(denormalised(contrast, 4)).as("clamped to 1").isEqualTo(1.0f);

        float[] saturation = image.clone();
        new ColourJitter(0, 0, 1, mean, std).apply(saturation, 0, 3, 2, fixed);
        assertThat(denormalised(saturation, 0)).as("2 x 0.3 - 0.5445").isCloseTo(0.0555f, within(1e-5f));
        assertThat(denormalised(saturation, 2)).as("2 x 0.6 - 0.5445").isCloseTo(0.6555f, within(1e-5f));
        assertThat(denormalised(saturation, 1)).as("2 x 0.9 - 0.6555, clamped").isEqualTo(1.0f);
    }

    @Test
    void resizedCropWindowsLieInsideTheImageWithinTheScaleAndRatioRanges() {
        RandomResizedCrop crop = new RandomResizedCrop(RandomResizedCrop.DEFAULT_SCALE, RandomResizedCrop.DEFAULT_RATIO);
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            RandomResizedCrop.Window w = crop.window(32, 32, random);
            assertThat(w.top()).isGreaterThanOrEqualTo(0);
            assertThat(w.left()).isGreaterThanOrEqualTo(0);
            assertThat(w.top() + w.height()).isLessThanOrEqualTo(32);
            assertThat(w.left() + w.width()).isLessThanOrEqualTo(32);
            double share = w.height() * w.width() / 1024.0;
            assertThat(share).as("area share, rounding allowed").isBetween(0.05, 1.0);
        }
        RandomResizedCrop narrow = new RandomResizedCrop(new double[] {1, 1}, new double[] {2, 2});
        assertThat(narrow.window(20, 20, random)).as("never fits: the centred fallback within the ratio")
                .isEqualTo(new RandomResizedCrop.Window(5, 0, 10, 20));
    }

    @Test
    void resizedCropKeepsTheShapeAndShowsOnlyTheWindow() {
        // a horizontal ramp: value = column; a window's resize only shows the window's columns
        int side = 16;
        float[] image = new float[2 * side * side];
        for (int i = 0; i < image.length; i++) {
            image[i] = i % side;
        }
        RandomResizedCrop crop = new RandomResizedCrop(RandomResizedCrop.DEFAULT_SCALE, RandomResizedCrop.DEFAULT_RATIO);
        RandomResizedCrop.Window window = crop.window(side, side, new Random(11));

        crop.apply(image, 0, 2, side, side, new Random(11));

        assertThat(image).hasSize(2 * side * side);
        for (float v : image) {
            assertThat(v).isBetween(window.left() - 1e-4f, window.left() + window.width() - 1 + 1e-4f);
        }
        assertThat(image[0]).isLessThan(image[side - 1]).as("the ramp keeps its direction");
        RandomResizedCrop whole = new RandomResizedCrop(new double[] {1, 1}, new double[] {1, 1});
        float[] same = {1, 2, 3, 4};
        whole.apply(same, 0, 1, 2, 2, new Random(1));
        assertThat(same).as("a full-size window is the identity").containsExactly(1, 2, 3, 4);
    }

    private static float denormalised(float[] image, int index) {
        return image[index] * 0.25f + 0.5f;
    }

    private static float[] randomImage(int size, Random random) {
        float[] image = new float[size];
        for (int i = 0; i < size; i++) {
            image[i] = (float) random.nextGaussian();
        }
        return image;
    }

    /** A random source that always answers {@code bool} and {@code integer}. */
    private static Random always(boolean bool, int integer) {
        return new Random() {
            @Override
            public boolean nextBoolean() {
                return bool;
            }

            @Override
            public int nextInt(int bound) {
                return integer;
            }
        };
    }
}
