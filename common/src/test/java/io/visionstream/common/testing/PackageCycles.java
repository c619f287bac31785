package io.visionstream.common.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

/**
 * The package cycles of compiled classes, read by the JDK's {@code jdeps} (the same reading a reviewer makes), so a
 * module's test fails the day one package starts depending back on another.
 */
public final class PackageCycles {

    private PackageCycles() {
    }

    /** Pairs {@code a<->b} of packages under {@code prefix} that depend on each other, directly or through others. */
    public static Set<String> in(Path classes, String prefix) {
        Map<String, Set<String>> edges = dependencies(classes, prefix);
        Set<String> cycles = new TreeSet<>();
        for (String from : edges.keySet()) {
            for (String to : reachable(edges, from)) {
                if (from.compareTo(to) < 0 && reachable(edges, to).contains(from)) {
                    cycles.add(shortName(from, prefix) + "<->" + shortName(to, prefix));
                }
            }
        }
        return cycles;
    }

    private static Map<String, Set<String>> dependencies(Path classes, String prefix) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException("jdeps is part of every JDK"));
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", classes.toString());
        if (status != 0) {
            throw new IllegalStateException("jdeps failed on " + classes + ": " + out);
        }
        Map<String, Set<String>> edges = new HashMap<>();
        for (String line : out.toString().split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 3 && words[1].equals("->") && words[0].startsWith(prefix) && words[2].startsWith(prefix) && !words[0].equals(words[2])) {
                edges.computeIfAbsent(words[0], p -> new HashSet<>()).add(words[2]);
            }
        }
        return edges;
    }

    private static Set<String> reachable(Map<String, Set<String>> edges, String from) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(edges.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                todo.addAll(edges.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    private static String shortName(String name, String prefix) {
        return name.substring(prefix.length());
    }
}
