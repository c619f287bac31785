package io.visionstream.trainer.bench;

import java.util.Map;

/**
 * d2l's published Fashion-MNIST test accuracies (Dive into Deep Learning, PyTorch edition, https://d2l.ai: chapters
 * {@code lenet}, {@code batch-norm}, {@code alexnet}, {@code vgg}, {@code nin}, {@code googlenet}, {@code resnet},
 * {@code densenet}), shown beside the benchmark's own. A figure is listed only when it was read in a source; none was
 * found in the sources searched so far (the d2l-en repository holds the chapters without their printed outputs), so
 * the table shows "-" until one is added here with its address.
 */
final class D2lFigures {

    private static final Map<String, Double> TEST_TOP1 = Map.of();

    private D2lFigures() {
    }

    /** d2l's printed test top-1 for the network; null where none was found. */
    static Double testTop1(String arch) {
        return TEST_TOP1.get(arch);
    }
}
