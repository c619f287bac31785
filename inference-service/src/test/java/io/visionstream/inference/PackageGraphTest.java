package io.visionstream.inference;

import io.visionstream.common.testing.PackageCycles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's packages depend on each other in one direction: no package depends back on one that uses it
 * ({@code PackageCyclesTest} in common shows a cycle is found when there is one).
 */
class PackageGraphTest {

    @Test
    void packagesHaveNoCycles() {
        assertThat(PackageCycles.in(Path.of("target/classes"), "io.visionstream.inference.")).isEmpty();
    }

}
