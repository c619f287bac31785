package io.visionstream.k8s;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without kubectl the tests fail and say how to install it, instead of skipping the validation. */
class KustomizeTest {

    @Test
    void missingKubectlFailsWithTheInstallCommand(@TempDir Path empty) {
        assertThatThrownBy(() -> Kustomize.onPath(empty.toString()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("apt-get install kubectl");
    }

    @Test
    void aBrokenKustomizationFailsWithKubectlsMessage(@TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - missing.yaml\n");

        assertThatThrownBy(() -> Kustomize.fromEnvironment().render(dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing.yaml");
    }
}
