package io.visionstream.trainer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Cifar10ReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsLabelAndPlanarRgbOfEveryRecord() throws Exception {
        for (int batch = 1; batch <= 5; batch++) {
            Files.write(dir.resolve("data_batch_" + batch + ".bin"), records(2, batch));
        }
        Files.write(dir.resolve("test_batch.bin"), records(3, 9));

        Datasets.Split split = Datasets.load("cifar-10", dir, dir);

        assertThat(split.train().size()).isEqualTo(10);
        assertThat(split.test().size()).isEqualTo(3);
        assertThat(split.train().channels()).isEqualTo(3);
        assertThat(split.test().labels()).containsExactly(9, 9, 9);
        assertThat(split.train().classes().get(9)).isEqualTo("truck");
        var image = split.train().image(0);
        assertThat(image.sample(0, 0, 0)).isEqualTo(10);  // red plane
        assertThat(image.sample(1, 0, 0)).isEqualTo(20);  // green plane
        assertThat(image.sample(2, 31, 31)).isEqualTo(30); // blue plane
    }

    @Test
    void refusesFilesThatAreNotCifarBatches() throws Exception {
        for (int batch = 1; batch <= 5; batch++) {
            Files.write(dir.resolve("data_batch_" + batch + ".bin"), new byte[100]);
        }
        Files.write(dir.resolve("test_batch.bin"), new byte[100]);

        assertThatThrownBy(() -> Datasets.load("cifar-10", dir, dir)).hasMessageContaining("is not a CIFAR-10 binary batch");
        assertThatThrownBy(() -> Datasets.load("cifar-10", dir.resolve("missing"), null)).hasMessageContaining("not fetched automatically");
    }

    private static byte[] records(int count, int label) {
        byte[] bytes = new byte[count * 3073];
        for (int r = 0; r < count; r++) {
            bytes[r * 3073] = (byte) label;
            for (int i = 0; i < 1024; i++) {
                bytes[r * 3073 + 1 + i] = 10;
                bytes[r * 3073 + 1 + 1024 + i] = 20;
                bytes[r * 3073 + 1 + 2048 + i] = 30;
            }
        }
        return bytes;
    }
}
