package io.visionstream.trainer.testing;

import io.visionstream.trainer.data.IdxWriter;
import io.visionstream.trainer.data.LabeledImages;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Small generated image sets a LeNet separates within a few epochs, and their IDX files. */
public final class TestData {

    public static final List<String> BANDS = List.of("band-0", "band-1", "band-2", "band-3");

    private TestData() {
    }

    /** 28x28 grey images of class k: a bright horizontal band at rows 7k..7k+5 over faint noise. */
    public static LabeledImages bands(int count, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * 28 * 28];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = i % BANDS.size();
            labels[i] = label;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int value = y >= 7 * label && y < 7 * label + 5 ? 180 + random.nextInt(60) : random.nextInt(40);
                    pixels[i * 784 + y * 28 + x] = (byte) value;
                }
            }
        }
        return new LabeledImages("bands-" + seed, 1, 28, 28, pixels, labels, BANDS);
    }

    /** Writes train and test as the four IDX files a data directory holds. */
    public static Path writeIdx(Path dir, LabeledImages train, LabeledImages test) throws IOException {
        IdxWriter.write(dir, "train", train);
        IdxWriter.write(dir, "t10k", test);
        return dir;
    }
}
