package io.visionstream.trainer.cli;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The typed values of the CLI's {@code --option value} pairs, each failing with a message that names the option and
 * what it needs, so that every command reads its options the same way.
 */
final class OptionValues {

    private OptionValues() {
    }

    static java.util.List<Integer> milestones(String csv) {
        if (csv.isBlank()) {
            return java.util.List.of();
        }
        try {
            return java.util.Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--milestones needs epoch numbers like 5,8, got '" + csv + "'");
        }
    }

    static String required(Map<String, String> o, String key) {
        String value = o.get(key);
        if (value == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }

    /** Passes option {@code key}'s value on when it is given; otherwise the settings builder's default holds. */
    static void ifGiven(Map<String, String> o, String key, Consumer<String> use) {
        if (o.containsKey(key)) {
            use.accept(o.get(key));
        }
    }

    static int integer(Map<String, String> o, String key, int fallback) {
        return o.containsKey(key) ? wholeNumber(key, o.get(key)) : fallback;
    }

    static int wholeNumber(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " needs a whole number, got '" + value + "'");
        }
    }

    static boolean bool(Map<String, String> o, String key, boolean fallback) {
        return o.containsKey(key) ? bool(key, o.get(key)) : fallback;
    }

    static boolean bool(String key, String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("--" + key + " needs true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    static double number(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " needs a number, got '" + value + "'");
        }
    }
}
