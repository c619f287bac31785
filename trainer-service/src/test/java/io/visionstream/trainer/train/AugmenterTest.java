package io.visionstream.trainer.train;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AugmenterTest {

    @Test
    void flipMirrorsEachRow() {
        float[] image = {1, 2, 3, 4, 5, 6}; // 1 channel, 2 rows x 3 columns
        Augmenter flip = Augmenter.parse("flip", 3, new float[] {-9});

        flip.apply(image, 1, 1, 2, 3, always(true, 0));

        assertThat(image).containsExactly(3, 2, 1, 6, 5, 4);
    }

    @Test
    void cropShiftsTheImageAndFillsWithNormalisedBlack() {
        float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9}; // 3x3, padding max(1, 3/8) = 1
        Augmenter crop = Augmenter.parse("crop", 3, new float[] {-9});

        crop.apply(image, 1, 1, 3, 3, always(false, 2)); // nextInt(3) = 2 -> shift +1 down and +1 right in the source

        assertThat(image).containsExactly(5, 6, -9, 8, 9, -9, -9, -9, -9);
    }

    @Test
    void unknownAugmentationIsRefused() {
        assertThatThrownBy(() -> Augmenter.parse("flip,rotate", 28, new float[] {0})).hasMessageContaining("unknown augmentation 'rotate'");
        assertThat(Augmenter.parse("none", 28, new float[] {0}).active()).isFalse();
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
