package io.visionstream.demo;

import io.visionstream.local.cli.OptionPairs;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The demo's knobs, all with defaults that finish in a few minutes on a 2-core machine.
 *
 * <pre>
 * --out DIR           run folder (default runs/demo-TIMESTAMP): training runs, registry, logs, summary
 * --data-dir DIR      data cache shared with later runs (default data)
 * --model NAME        the published model name (default fashion)
 * --v1 ARCH:EPOCHS    version 1 (default lenet5:3)
 * --v2 ARCH:EPOCHS    version 2, the canary (default bn-lenet:3)
 * --canary-percent N  share of traffic v2 gets while it is a canary (default 30)
 * --rate N            images per second the stream is offered at (default 2000; 0 = as fast as possible)
 * --partitions N      partitions of the stream topics (default 2)
 * </pre>
 */
record DemoOptions(Path repository, Path out, Path dataDir, String model, String v1Arch, int v1Epochs, String v2Arch, int v2Epochs,
                   int canaryPercent, double rate, int partitions) {

    static final String USAGE = "usage: run-demo.sh [--out DIR] [--data-dir DIR] [--model NAME] [--v1 ARCH:EPOCHS] [--v2 ARCH:EPOCHS] "
            + "[--canary-percent N] [--rate IMAGES_PER_S] [--partitions N]";

    static DemoOptions parse(String[] args, Path repository) {
        Map<String, String> given = OptionPairs.parse(args);
        String out = given.remove("--out");
        String dataDir = given.remove("--data-dir");
        String model = given.getOrDefault("--model", "fashion");
        given.remove("--model");
        String[] v1 = archEpochs(given.remove("--v1"), "lenet5:3", "--v1");
        String[] v2 = archEpochs(given.remove("--v2"), "bn-lenet:3", "--v2");
        int canary = intOption(given.remove("--canary-percent"), 30, "--canary-percent", 1, 99);
        double rate = doubleOption(given.remove("--rate"), 2000, "--rate");
        int partitions = intOption(given.remove("--partitions"), 2, "--partitions", 1, 64);
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + given.keySet());
        }
        Path outDir = out != null ? Path.of(out)
                : repository.resolve("runs").resolve("demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return new DemoOptions(repository, outDir.toAbsolutePath(), (dataDir != null ? Path.of(dataDir) : repository.resolve("data")).toAbsolutePath(),
                model, v1[0], Integer.parseInt(v1[1]), v2[0], Integer.parseInt(v2[1]), canary, rate, partitions);
    }

    private static String[] archEpochs(String value, String fallback, String option) {
        String[] parts = (value == null ? fallback : value).split(":");
        if (parts.length != 2 || parts[0].isBlank() || !parts[1].matches("[1-9][0-9]*")) {
            throw new IllegalArgumentException(option + " must be ARCH:EPOCHS (e.g. lenet5:3), was '" + value + "'");
        }
        return parts;
    }

    private static int intOption(String value, int fallback, String option, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(option + " must be within " + min + "-" + max + ", was " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, was '" + value + "'");
        }
    }

    private static double doubleOption(String value, double fallback, String option) {
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (parsed < 0 || Double.isNaN(parsed)) {
                throw new IllegalArgumentException(option + " must be >= 0, was " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, was '" + value + "'");
        }
    }
}
