package io.visionstream.common.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A chart is a readable PNG with its series drawn in their colours; an empty y range is refused. */
class LineChartTest {

    private static final int FIRST_SERIES_RGB = 0x1f77b4;
    private static final int SECOND_SERIES_RGB = 0xff7f0e;

    @Test
    void drawsEachSeriesInItsColourSideBySide(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chart.png");
        LineChart.Series rising = new LineChart.Series("rising", List.of(new LineChart.Point(0, 0), new LineChart.Point(10, 1)), true);
        LineChart.Series flat = new LineChart.Series("flat", List.of(new LineChart.Point(0, 0.5), new LineChart.Point(10, 0.5)), false);
        LineChart.write("two panels", List.of(
                new LineChart.Panel("a", "x", 0, 1, List.of(rising, flat), List.of(new LineChart.Reference(0.25, "level"))),
                new LineChart.Panel("b", "x", 0, 1, List.of(rising), List.of())), file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isGreaterThan(2 * 500);
        assertThat(count(image, FIRST_SERIES_RGB, 0, image.getWidth() / 2)).as("panel a, first series").isGreaterThan(100);
        assertThat(count(image, SECOND_SERIES_RGB, 0, image.getWidth() / 2)).as("panel a, second series").isGreaterThan(100);
        assertThat(count(image, FIRST_SERIES_RGB, image.getWidth() / 2, image.getWidth())).as("panel b").isGreaterThan(100);
        assertThat(count(image, SECOND_SERIES_RGB, image.getWidth() / 2, image.getWidth())).as("panel b has one series").isZero();
    }

    @Test
    void refusesAnEmptyRange() {
        assertThatThrownBy(() -> new LineChart.Panel("a", "x", 1, 1, List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static int count(BufferedImage image, int rgb, int fromX, int toX) {
        int n = 0;
        for (int x = fromX; x < toX; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                n += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}
