package io.visionstream.trainer.data;

import io.visionstream.common.dataset.IdxFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads an MNIST-style IDX pair (via common's {@link IdxFiles}) as a training data set with class names. */
public final class IdxReader {

    private IdxReader() {
    }

    public static LabeledImages read(String name, Path images, Path labels, List<String> classes) throws IOException {
        IdxFiles.Contents contents = IdxFiles.read(images, labels);
        return new LabeledImages(name, 1, contents.rows(), contents.cols(), contents.pixels(), contents.labels(), classes);
    }
}
