package io.visionstream.common.plot;

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
import java.util.Objects;

/**
 * Line charts a person looks at after a run (the trainer's learning curves, the demo's accuracy and drift over time),
 * drawn one way with plain Java2D into a PNG: no display, no plotting library. Panels sit side by side, each with its
 * own y range, its series in the matplotlib default colours, and optional dashed horizontal reference lines.
 */
public final class LineChart {

    private static final int PANEL_WIDTH = 500;
    private static final int HEIGHT = 460;
    private static final int MARGIN = 60;
    private static final int TOP = 50;
    private static final int TITLE_CHAR_WIDTH = 9;
    private static final Color[] COLOURS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private LineChart() {
    }

    /** One point of a series. */
    public record Point(double x, double y) {
    }

    /** A named line; {@code markers} draws a dot at each point (for few points, e.g. epochs). */
    public record Series(String name, List<Point> points, boolean markers) {
        public Series {
            Objects.requireNonNull(name, "name");
            points = List.copyOf(points);
        }
    }

    /** A horizontal line at {@code y} with a label (e.g. a threshold). */
    public record Reference(double y, String label) {
    }

    /** One chart: title, x-axis label, the y range, its series and reference lines. */
    public record Panel(String title, String xLabel, double yMin, double yMax, List<Series> series, List<Reference> references) {
        public Panel {
            if (!(yMax > yMin)) {
                throw new IllegalArgumentException("yMax must exceed yMin, was " + yMin + ".." + yMax);
            }
            series = List.copyOf(series);
            references = List.copyOf(references);
        }
    }

    /** Draws {@code panels} side by side under {@code title} into the PNG {@code file}. */
    public static void write(String title, List<Panel> panels, Path file) throws IOException {
        int width = Math.max(MARGIN + panels.size() * (PANEL_WIDTH + MARGIN), 2 * MARGIN + TITLE_CHAR_WIDTH * title.length());
        BufferedImage image = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, MARGIN, 28);
        int panelWidth = (width - MARGIN) / panels.size() - MARGIN;
        for (int i = 0; i < panels.size(); i++) {
            draw(g, MARGIN + i * (panelWidth + MARGIN), panelWidth, panels.get(i));
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void draw(Graphics2D g, int left, int panelWidth, Panel panel) {
        int top = TOP + 10;
        int height = HEIGHT - top - MARGIN;
        double xMin = panel.series().stream().flatMap(s -> s.points().stream()).mapToDouble(Point::x).min().orElse(0);
        double xMax = panel.series().stream().flatMap(s -> s.points().stream()).mapToDouble(Point::x).max().orElse(1);
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        Axis x = new Axis(left, panelWidth, xMin, xMax);
        Axis y = new Axis(top + height, -height, panel.yMin(), panel.yMax());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            double value = panel.yMin() + (panel.yMax() - panel.yMin()) * i / 4;
            g.setColor(Color.LIGHT_GRAY);
            g.drawLine(left, y.pixel(value), left + panelWidth, y.pixel(value));
            g.setColor(Color.DARK_GRAY);
            g.drawString(label(value), left - 44, y.pixel(value) + 4);
            double tick = xMin + (xMax - xMin) * i / 4;
            g.drawString(label(xMax - xMin > 20 ? Math.rint(tick) : tick), x.pixel(tick) - 8, top + height + 15);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, panelWidth, height);
        g.drawString(panel.xLabel(), left + panelWidth / 2 - 3 * panel.xLabel().length(), top + height + 32);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(panel.title(), left + 4, top - 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (Reference reference : panel.references()) {
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            int at = y.pixel(Math.max(panel.yMin(), Math.min(panel.yMax(), reference.y())));
            g.drawLine(left, at, left + panelWidth, at);
            g.setStroke(new BasicStroke(1f));
            g.drawString(reference.label(), left + 6, at - 4);
        }
        for (int i = 0; i < panel.series().size(); i++) {
            Series series = panel.series().get(i);
            Color colour = COLOURS[i % COLOURS.length];
            line(g, series, x, y, panel, colour);
            g.setColor(colour);
            g.drawString(series.name(), left + panelWidth - 150, top + 16 + 14 * i);
        }
    }

    private static void line(Graphics2D g, Series series, Axis x, Axis y, Panel panel, Color colour) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(2f));
        int previousX = -1;
        int previousY = -1;
        for (Point point : series.points()) {
            if (!Double.isFinite(point.y())) {
                previousX = -1;
                continue;
            }
            int px = x.pixel(point.x());
            int py = y.pixel(Math.max(panel.yMin(), Math.min(panel.yMax(), point.y())));
            if (series.markers()) {
                g.fillOval(px - 3, py - 3, 6, 6);
            }
            if (previousX >= 0) {
                g.drawLine(previousX, previousY, px, py);
            }
            previousX = px;
            previousY = py;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static String label(double value) {
        return Math.abs(value - Math.rint(value)) < 1e-9 && Math.abs(value) < 1e6 ? Long.toString(Math.round(value)) : String.format("%.2f", value);
    }

    /** Maps data values to pixels along one axis ({@code span} negative for y, which grows downwards). */
    private record Axis(int origin, int span, double min, double max) {
        int pixel(double value) {
            return origin + (int) Math.round((value - min) / (max - min) * span);
        }
    }
}
