package io.visionstream.trainer.data;

import io.visionstream.common.dataset.IdxFiles;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a grey image set as an IDX pair ({@code <prefix>-images-idx3-ubyte}, {@code <prefix>-labels-idx1-ubyte}). */
public final class IdxWriter {

    private IdxWriter() {
    }

    public static void write(Path dir, String prefix, LabeledImages images) throws IOException {
        if (images.channels() != 1) {
            throw new IllegalArgumentException("IDX holds grey images; " + images.name() + " has " + images.channels() + " channels");
        }
        Files.createDirectories(dir);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte"))))) {
            out.writeInt(IdxFiles.IMAGES_MAGIC);
            out.writeInt(images.size());
            out.writeInt(images.height());
            out.writeInt(images.width());
            out.write(images.pixels());
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte"))))) {
            out.writeInt(IdxFiles.LABELS_MAGIC);
            out.writeInt(images.size());
            for (int label : images.labels()) {
                out.write(label);
            }
        }
    }
}
