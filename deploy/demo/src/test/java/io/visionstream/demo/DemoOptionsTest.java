package io.visionstream.demo;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's options: defaults that finish quickly, and a precise message for each bad value. */
class DemoOptionsTest {

    private static final Path REPO = Path.of("/repo");

    @Test
    void defaults() {
        DemoOptions options = DemoOptions.parse(new String[0], REPO);
        assertThat(options.v1Arch()).isEqualTo("lenet5");
        assertThat(options.v1Epochs()).isEqualTo(3);
        assertThat(options.v2Arch()).isEqualTo("bn-lenet");
        assertThat(options.canaryPercent()).isEqualTo(30);
        assertThat(options.dataDir()).isEqualTo(Path.of("/repo/data"));
        assertThat(options.out().toString()).startsWith("/repo/runs/demo-");
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--v2", "bn-lenet"}, REPO)).hasMessageContaining("--v2 must be ARCH:EPOCHS");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--canary-percent", "100"}, REPO)).hasMessageContaining("--canary-percent must be within 1-99");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--rate", "fast"}, REPO)).hasMessageContaining("--rate needs a number");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--colour", "red"}, REPO)).hasMessageContaining("unknown option(s) [--colour]");
    }
}
