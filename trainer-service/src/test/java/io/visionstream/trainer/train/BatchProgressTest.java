package io.visionstream.trainer.train;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchProgressTest {

    @Test
    void theLogLineKeepsItsFormatAndComesEveryFiftyBatchesAndAtTheEpochsEnd() {
        BatchProgress fifty = new BatchProgress(1, 10, 50, 235, 0.51234, 0.8125, 1234.4, 185);
        assertThat(fifty.line()).isEqualTo("epoch 1/10 batch 50/235 loss 0.5123 acc 0.8125  1234 images/s  ETA 3m05s");
        assertThat(fifty.milestone()).isTrue();
        assertThat(new BatchProgress(1, 10, 49, 235, 0.5, 0.8, 1, 1).milestone()).isFalse();
        assertThat(new BatchProgress(1, 10, 235, 235, 0.5, 0.8, 1, 1).milestone()).isTrue();
        assertThat(new BatchProgress(1, 10, 235, 235, 0.5, 0.8, 1, 3725).eta()).isEqualTo("1h02m");
    }
}
