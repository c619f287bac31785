package io.visionstream.trainer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsPlainAndGzippedIdxPairs() throws Exception {
        write(dir.resolve("images"), false, 2051, new int[] {3, 2, 2}, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        write(dir.resolve("labels.gz"), true, 2049, new int[] {3}, new byte[] {2, 0, 1});

        LabeledImages images = IdxReader.read("tiny", dir.resolve("images"), dir.resolve("labels.gz"), List.of("a", "b", "c"));

        assertThat(images.size()).isEqualTo(3);
        assertThat(images.height()).isEqualTo(2);
        assertThat(images.labels()).containsExactly(2, 0, 1);
        assertThat(images.image(1).pixels()).containsExactly(5, 6, 7, 8);
        assertThat(images.classCounts()).containsExactly(1, 1, 1);
    }

    @Test
    void refusesMismatchedOrForeignFiles() throws Exception {
        write(dir.resolve("images"), false, 2051, new int[] {2, 1, 1}, new byte[] {1, 2});
        write(dir.resolve("labels"), false, 2049, new int[] {3}, new byte[] {0, 0, 0});
        write(dir.resolve("not-idx"), false, 1234, new int[] {1}, new byte[] {0});

        assertThatThrownBy(() -> IdxReader.read("x", dir.resolve("images"), dir.resolve("labels"), List.of("a")))
                .hasMessageContaining("has 2 images but labels has 3 labels");
        assertThatThrownBy(() -> IdxReader.read("x", dir.resolve("not-idx"), dir.resolve("labels"), List.of("a")))
                .hasMessageContaining("is not an IDX image file (magic 1234, expected 2051)");
    }

    private static void write(Path file, boolean gzip, int magic, int[] header, byte[] body) throws Exception {
        OutputStream raw = Files.newOutputStream(file);
        try (DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(magic);
            for (int h : header) {
                out.writeInt(h);
            }
            out.write(body);
        }
    }
}
