package io.visionstream.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, found from the module directory surefire runs the tests in. */
final class Repo {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.resolve("../..").normalize();

    private Repo() {
    }

    static Path module(String relative) {
        return MODULE.resolve(relative);
    }

    static Path root(String relative) {
        Path path = ROOT.resolve(relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " does not exist: run the tests from deploy/k8s (Maven does)");
        }
        return path;
    }
}
