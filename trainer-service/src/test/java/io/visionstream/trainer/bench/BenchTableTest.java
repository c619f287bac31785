package io.visionstream.trainer.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The zoo benchmark's Markdown table: a header, a separator, one line per network, a failure on its network's line. */
class BenchTableTest {

    @Test
    void oneLinePerNetworkWithEveryColumn() {
        BenchRow trained = new BenchRow("lenet5", 28, 1, 10, 60_000, 61_706, 416_520, 19_885.4, 0.90531, 0.9064, null, 29.4, null);
        BenchRow failed = new BenchRow("vgg16", 32, 4, 4, 12_000, 18_271_162, 36_954_112, 0, 0, 0, 0.917, 3.2, "IllegalStateException: out | of memory");

        String[] lines = BenchTable.markdown(List.of(trained, failed)).split("\n");

        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo(BenchTable.HEADER);
        assertThat(lines[1]).isEqualTo("|---|---|---|---|---|---|---|---|---|---|---|---|");
        assertThat(lines[2]).isEqualTo("| lenet5 | 28 | 1 | 10 | 60,000 | 61,706 | 416,520 | 19,885 | 0.9053 | 0.9064 | - | 29 |");
        assertThat(lines[3]).isEqualTo("| vgg16 | 32 | 4 | 4 | 12,000 | 18,271,162 | 36,954,112 | failed: IllegalStateException: out / of memory | | | 0.917 | 3 |");
        assertThat(lines).allSatisfy(line -> assertThat(line.chars().filter(c -> c == '|').count()).isEqualTo(13));
    }
}
