package io.visionstream.k8s;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization the way an operator does ({@code kubectl kustomize DIR}), so the tests see exactly what
 * {@code kubectl apply -k} would send to a cluster.
 */
final class Kustomize {

    static final String INSTALL_HINT = "kubectl is required to render deploy/k8s (kubectl kustomize): install it with "
            + "`apt-get install kubectl` (Debian package kubectl) or put a kubectl binary on the PATH";

    private final Path kubectl;

    private Kustomize(Path kubectl) {
        this.kubectl = kubectl;
    }

    /** Finds kubectl on {@code path} (a PATH-style list); fails with how to install it when it is not there. */
    static Kustomize onPath(String path) {
        return new Kustomize(find(path).orElseThrow(() -> new IllegalStateException(INSTALL_HINT)));
    }

    static Kustomize fromEnvironment() {
        return onPath(System.getenv().getOrDefault("PATH", ""));
    }

    /** The rendered multi-document YAML of the kustomization in {@code dir}. */
    String render(Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString()).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Optional<Path> find(String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
