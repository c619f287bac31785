package io.visionstream.trainer.bench;

import java.util.List;
import java.util.Locale;

/** The zoo benchmark's rows as one Markdown table, the form the README and an issue take. */
final class BenchTable {

    static final String HEADER = "| network | input px | width divisor | epochs | train images | parameters | multiply-adds | images/s "
            + "| best validation top-1 | test top-1 | d2l test top-1 | seconds |";

    private BenchTable() {
    }

    static String markdown(List<BenchRow> rows) {
        StringBuilder table = new StringBuilder(HEADER).append('\n').append("|---".repeat(12)).append("|\n");
        rows.forEach(row -> table.append(line(row)).append('\n'));
        return table.toString();
    }

    static String line(BenchRow r) {
        String d2l = r.d2lTestTop1() == null ? "-" : fixed(r.d2lTestTop1(), 3);
        String figures = r.error() != null
                ? String.format(Locale.ROOT, "failed: %s | | | %s", r.error().replace('|', '/'), d2l)
                : String.format(Locale.ROOT, "%,.0f | %s | %s | %s", r.imagesPerSecond(), fixed(r.bestValTop1(), 4), fixed(r.testTop1(), 4), d2l);
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %,d | %,d | %,d | %s | %,.0f |", r.arch(), r.inputSize(), r.widthDivisor(),
                r.epochs(), r.trainImages(), r.parameters(), r.multiplyAdds(), figures, r.seconds());
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
