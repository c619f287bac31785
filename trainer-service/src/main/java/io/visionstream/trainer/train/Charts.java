package io.visionstream.trainer.train;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
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
 * per epoch for train and validation (the figure the seeds draw with matplotlib), and the confusion matrix.
 */
final class Charts {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 460;
    private static final int MARGIN = 60;
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VALIDATION = new Color(255, 127, 14);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    static void curves(List<EpochRecord> epochs, String title, Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, MARGIN, 28);
        int panel = (WIDTH - 3 * MARGIN) / 2;
        panel(g, MARGIN, panel, "loss", epochs, EpochRecord::trainLoss, EpochRecord::valLoss, false);
        panel(g, 2 * MARGIN + panel, panel, "accuracy", epochs, EpochRecord::trainAccuracy, EpochRecord::valAccuracy, true);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(Graphics2D g, int left, int width, String label, List<EpochRecord> epochs,
                              ToDoubleFunction<EpochRecord> train, ToDoubleFunction<EpochRecord> val, boolean unitRange) {
        int top = 50;
        int height = HEIGHT - top - MARGIN;
        double min = unitRange ? Math.min(0.5, epochs.stream().mapToDouble(val).min().orElse(0)) : 0;
        double max = unitRange ? 1.0 : epochs.stream().mapToDouble(e -> Math.max(train.applyAsDouble(e), val.applyAsDouble(e))).max().orElse(1) * 1.05;
        if (max <= min) {
            max = min + 1;
        }
        g.setColor(Color.LIGHT_GRAY);
        for (int i = 0; i <= 4; i++) {
            int y = top + height - i * height / 4;
            g.drawLine(left, y, left + width, y);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(String.format("%.2f", min + (max - min) * i / 4), left - 40, y + 4);
            g.setColor(Color.LIGHT_GRAY);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(label + " per epoch", left + 4, top - 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int n = epochs.size();
        for (int i = 0; i < n; i++) {
            int x = n == 1 ? left + width / 2 : left + i * width / (n - 1);
            g.drawString(Integer.toString(epochs.get(i).epoch()), x - 3, top + height + 15);
        }
        line(g, epochs, train, left, top, width, height, min, max, TRAIN);
        line(g, epochs, val, left, top, width, height, min, max, VALIDATION);
        g.setColor(TRAIN);
        g.drawString("train", left + width - 110, top + 16);
        g.setColor(VALIDATION);
        g.drawString("validation", left + width - 70, top + 16);
    }

    private static void line(Graphics2D g, List<EpochRecord> epochs, ToDoubleFunction<EpochRecord> value, int left, int top, int width,
                             int height, double min, double max, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int n = epochs.size();
        int previousX = -1;
        int previousY = -1;
        for (int i = 0; i < n; i++) {
            int x = n == 1 ? left + width / 2 : left + i * width / (n - 1);
            int y = top + height - (int) Math.round((value.applyAsDouble(epochs.get(i)) - min) / (max - min) * height);
            g.fillOval(x - 3, y - 3, 6, 6);
            if (previousX >= 0) {
                g.drawLine(previousX, previousY, x, y);
            }
            previousX = x;
            previousY = y;
        }
        g.setStroke(new BasicStroke(1f));
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
