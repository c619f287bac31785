package io.visionstream.trainer.cli;

import io.visionstream.trainer.train.BatchProgress;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    @Test
    void theBarFillsWithTheEpochAndShowsRateAndEta() {
        assertThat(ProgressBar.line(new BatchProgress(2, 10, 80, 240, 0.51234, 0.8125, 1234.4, 185)))
                .isEqualTo("epoch 2/10 [==========>                   ]  80/240 loss 0.5123 acc 0.8125  1234 images/s  ETA 3m05s");
        assertThat(ProgressBar.line(new BatchProgress(2, 10, 240, 240, 0.5, 0.8, 1000, 3725)))
                .contains("[" + "=".repeat(30) + "] 240/240").endsWith("ETA 1h02m");
    }

    @Test
    void eachEpochRedrawsOneLineAndEndsIt() {
        StringWriter terminal = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(terminal));
        for (int batch = 1; batch <= 3; batch++) {
            bar.accept(new BatchProgress(1, 1, batch, 3, 1, 0.5, 100, 3 - batch));
        }
        assertThat(terminal.toString()).startsWith("\repoch 1/1 [").endsWith("3/3 loss 1.0000 acc 0.5000  100 images/s  ETA 0m00s\n")
                .doesNotContain("2/3").containsOnlyOnce("\n");
    }
}
