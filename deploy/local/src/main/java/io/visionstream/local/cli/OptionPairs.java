package io.visionstream.local.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --option VALUE} command lines of the project's tools (demo, benchmarks, reliability suite, load
 * generator), read one way: each option once, in order, every one with a value.
 */
public final class OptionPairs {

    private OptionPairs() {
    }

    /** The options by name (with their dashes); fails naming the first argument that is not {@code --option VALUE}. */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option VALUE at '" + args[i] + "'");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
