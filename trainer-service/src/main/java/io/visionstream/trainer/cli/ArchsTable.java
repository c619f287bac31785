package io.visionstream.trainer.cli;

import io.visionstream.trainer.arch.NetworkAnalysis;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.arch.ZooOptions;

import java.util.Map;

import static io.visionstream.trainer.cli.OptionValues.integer;

/**
 * {@code archs [--size N] [--channels N] [--classes 1000]}: the zoo as a table, so that choosing a network for a data
 * set and a budget starts from its parameters and multiply-adds rather than from its code.
 */
final class ArchsTable {

    private ArchsTable() {
    }

    static int print(Map<String, String> o) {
        lines(o).forEach(System.out::println);
        return 0;
    }

    /** The zoo, one line per network with parameters and multiply-adds at its standard input unless --size/--channels say otherwise. */
    static java.util.List<String> lines(Map<String, String> o) {
        int classes = integer(o, "classes", 1000);
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add(String.format("%-20s %9s %16s %18s  %s", "arch", "input", "parameters", "multiply-adds", "description"));
        for (String name : Zoo.names()) {
            Zoo.Input standard = Zoo.standardInput(name);
            int size = integer(o, "size", standard.size());
            int channels = integer(o, "channels", standard.channels());
            String input = channels + "x" + size + "x" + size;
            try {
                NetworkAnalysis.Result r = NetworkAnalysis.of(Zoo.build(name, channels, size, classes, ZooOptions.defaults()));
                lines.add(String.format("%-20s %9s %,16d %,18d  %s", name, input, r.parameters(), r.multiplyAdds(), Zoo.description(name)));
            } catch (IllegalArgumentException e) {
                lines.add(String.format("%-20s %9s %16s %18s  %s (not at this size: %s)", name, input, "-", "-", Zoo.description(name), e.getMessage()));
            }
        }
        return lines;
    }
}
