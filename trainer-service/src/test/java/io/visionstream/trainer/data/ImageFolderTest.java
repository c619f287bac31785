package io.visionstream.trainer.data;

import io.visionstream.common.image.TestImages;
import io.visionstream.trainer.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageFolderTest {

    @TempDir
    Path root;

    @Test
    void trainAndTestFoldersGiveSortedClassesAndBadFilesAreSkippedAndReported() throws Exception {
        TestData.imageTree(root, 6, 1, "train", "test");

        Datasets.Split split = Datasets.load(ImageFolder.PREFIX + root, root, null, 8);

        assertThat(split.train().classes()).containsExactly("dark", "light");
        assertThat(split.train().classCounts()).containsExactly(6, 6);
        assertThat(split.test().classCounts()).containsExactly(6, 6);
        assertThat(split.train().channels()).isEqualTo(3);
        assertThat(split.train().height()).isEqualTo(8);
        assertThat(split.train().width()).isEqualTo(8);
        assertThat(split.skipped()).extracting(SkippedImage::file).containsExactly("train/dark/broken.jpg", "train/light/notes.txt");
        assertThat(split.skipped().get(0).reason()).contains("jpeg data cannot be decoded");
        assertThat(split.skipped().get(1).reason()).contains("neither JPEG, PNG");
        for (int i = 0; i < split.train().size(); i++) {
            int sample = split.train().image(i).sample(1, 3, 5);
            assertThat(sample).as("image %d", i).isBetween(split.train().labels()[i] == 0 ? 30 : 200, split.train().labels()[i] == 0 ? 50 : 220);
        }
    }

    @Test
    void imagesAreResizedAsRgbWithGreyReplicated() throws Exception {
        Files.createDirectories(root.resolve("red"));
        Files.createDirectories(root.resolve("grey"));
        Files.write(root.resolve("red/a.png"), TestImages.png(TestImages.twoColours(9, 5, 0xFF0000, 0xFF0000)));
        Files.write(root.resolve("grey/a.png"), TestImages.png(TestImages.grey(3, 7, 77)));

        LabeledImages all = ImageFolder.read(root, 4).train();

        assertThat(all.size()).as("one image per class: the 80%% train part of each class").isEqualTo(2);
        for (int i = 0; i < all.size(); i++) {
            byte[] expected = new byte[3 * 16];
            for (int c = 0; c < 3; c++) {
                java.util.Arrays.fill(expected, c * 16, (c + 1) * 16, (byte) (all.labels()[i] == 0 ? 77 : c == 0 ? 255 : 0));
            }
            assertThat(all.image(i).pixels()).as("%s image", all.classes().get(all.labels()[i])).containsExactly(expected);
        }
    }

    @Test
    void aSingleFolderIsSplitStratifiedAndTheSameEveryTime() throws Exception {
        TestData.imageTree(root, 10, 2);

        Datasets.Split first = ImageFolder.read(root, 6);
        Datasets.Split second = ImageFolder.read(root, 6);

        assertThat(first.train().classCounts()).containsExactly(8, 8);
        assertThat(first.test().classCounts()).containsExactly(2, 2);
        assertThat(first.test().pixels()).isEqualTo(second.test().pixels());
        assertThat(first.skipped()).extracting(SkippedImage::file).containsExactly("dark/broken.jpg", "light/notes.txt");
        assertThat(Datasets.classes(ImageFolder.PREFIX + root)).isEqualTo(2);
        assertThat(Datasets.channels(ImageFolder.PREFIX + root)).isEqualTo(3);
    }

    @Test
    void aBadTreeIsRefusedSayingWhy() throws Exception {
        assertThatThrownBy(() -> Datasets.requireKnown(ImageFolder.PREFIX + root.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Datasets.requireKnown(ImageFolder.PREFIX)).hasMessageContaining("names no folder");
        assertThatThrownBy(() -> Datasets.requireKnown(ImageFolder.PREFIX + root)).hasMessageContaining("holds no class sub-folders");
        Files.createDirectories(root.resolve("train/cat"));
        assertThatThrownBy(() -> Datasets.requireKnown(ImageFolder.PREFIX + root)).hasMessageContaining("neither test/ nor val/");
        Files.createDirectories(root.resolve("val/dog"));
        assertThatThrownBy(() -> Datasets.requireKnown(ImageFolder.PREFIX + root)).hasMessageContaining("has classes [dog] that");
        assertThatThrownBy(() -> Datasets.requireKnown("imagenet")).hasMessageContaining("unknown dataset 'imagenet'");
    }
}
