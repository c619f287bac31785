package io.visionstream.trainer.train;

import io.visionstream.common.plot.LineChart;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Renders what a person looks at after training, with plain Java2D (no display needed): the loss and accuracy curves
 * per epoch for train and validation (the figure the seeds draw with matplotlib; {@link LineChart}), and the confusion
 * matrix.
 */
final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    static void curves(List<EpochRecord> epochs, String title, Path file) throws IOException {
        double maxLoss = epochs.stream().mapToDouble(e -> Math.max(e.trainLoss(), e.valLoss())).max().orElse(1) * 1.05;
        double minAccuracy = Math.min(0.5, epochs.stream().mapToDouble(EpochRecord::valAccuracy).min().orElse(0));
        LineChart.write(title, List.of(panel("loss per epoch", epochs, EpochRecord::trainLoss, EpochRecord::valLoss, 0, maxLoss > 0 ? maxLoss : 1),
                panel("accuracy per epoch", epochs, EpochRecord::trainAccuracy, EpochRecord::valAccuracy, minAccuracy, 1.0)), file);
    }

    private static LineChart.Panel panel(String label, List<EpochRecord> epochs, ToDoubleFunction<EpochRecord> train,
                                         ToDoubleFunction<EpochRecord> validation, double min, double max) {
        return new LineChart.Panel(label, "epoch", min, max, List.of(series("train", epochs, train), series("validation", epochs, validation)),
                List.of());
    }

    private static LineChart.Series series(String name, List<EpochRecord> epochs, ToDoubleFunction<EpochRecord> value) {
        return new LineChart.Series(name, epochs.stream().map(e -> new LineChart.Point(e.epoch(), value.applyAsDouble(e))).toList(), true);
    }

    static void confusion(int[][] matrix, List<String> classes, Path file) throws IOException {
        int n = classes.size();
        int cell = Math.max(24, Math.min(60, 600 / n));
        int labelSpace = 110;
        int size = labelSpace + n * cell + 20;
        BufferedImage image = new BufferedImage(size, size + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("confusion matrix (rows: true class, columns: predicted)", 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, cell / 4)));
        for (int r = 0; r < n; r++) {
            int rowTotal = 0;
            for (int c = 0; c < n; c++) {
                rowTotal += matrix[r][c];
            }
            g.setColor(Color.BLACK);
            g.drawString(shorten(classes.get(r)), 8, 30 + labelSpace + r * cell + cell / 2 + 4);
            for (int c = 0; c < n; c++) {
                double share = rowTotal == 0 ? 0 : matrix[r][c] / (double) rowTotal;
                int shade = 255 - (int) Math.round(share * 215);
                g.setColor(new Color(shade, shade, 255));
                int x = labelSpace + c * cell;
                int y = 30 + labelSpace + r * cell;
                g.fillRect(x, y, cell, cell);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                g.drawString(Integer.toString(matrix[r][c]), x + 3, y + cell / 2 + 4);
            }
        }
        g.setColor(Color.BLACK);
        for (int c = 0; c < n; c++) {
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(labelSpace + c * cell + cell / 2 + 4, 30 + labelSpace - 4);
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(shorten(classes.get(c)), 0, 0);
            rotated.dispose();
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static String shorten(String label) {
        return label.length() > 14 ? label.substring(0, 13) + "." : label;
    }

    private static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }
}
