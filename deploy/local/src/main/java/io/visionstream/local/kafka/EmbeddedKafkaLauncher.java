package io.visionstream.local.kafka;

import sun.misc.Signal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded broker for people and scripts: starts it, creates the contract topics, prints
 * {@code bootstrap.servers=HOST:PORT} (and writes it to {@code --bootstrap-file} if given), then runs until SIGTERM
 * or Ctrl-C, when it stops the broker, deletes its temporary data and exits with status 0.
 *
 * <pre>
 * usage: EmbeddedKafkaLauncher [--port N] [--data-dir DIR] [--partitions N] [--no-topics] [--bootstrap-file FILE]
 * </pre>
 */
public final class EmbeddedKafkaLauncher {

    static final String READY_PREFIX = "bootstrap.servers=";
    private static final int DEFAULT_PARTITIONS = 2;

    private EmbeddedKafkaLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: EmbeddedKafkaLauncher [--port N] [--data-dir DIR] [--partitions N] [--no-topics] [--bootstrap-file FILE]");
            System.exit(2);
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());

        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().port(options.port);
        if (options.dataDir != null) {
            builder.dataDir(options.dataDir);
        }
        long started = System.nanoTime();
        try (EmbeddedKafkaBroker broker = builder.start()) {
            if (options.createTopics) {
                broker.createTopics(ContractTopics.all(options.partitions));
            }
            if (options.bootstrapFile != null) {
                Files.writeString(options.bootstrapFile, broker.bootstrapServers() + System.lineSeparator(), StandardCharsets.UTF_8);
            }
            System.out.printf("embedded Kafka (KRaft, 1 node) up in %d ms, data in %s%n", (System.nanoTime() - started) / 1_000_000, broker.dataDir());
            System.out.println(READY_PREFIX + broker.bootstrapServers());
            System.out.flush();
            stop.await();
            System.out.println("stopping embedded Kafka ...");
        }
        System.out.println("embedded Kafka stopped");
        System.exit(0);
    }

    private record Options(int port, Path dataDir, int partitions, boolean createTopics, Path bootstrapFile) {

        static Options parse(String[] args) {
            int port = 0;
            Path dataDir = null;
            int partitions = DEFAULT_PARTITIONS;
            boolean topics = true;
            Path bootstrapFile = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = intValue(args, ++i, "--port");
                    case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                    case "--partitions" -> partitions = intValue(args, ++i, "--partitions");
                    case "--no-topics" -> topics = false;
                    case "--bootstrap-file" -> bootstrapFile = Path.of(value(args, ++i, "--bootstrap-file"));
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be >= 1, was " + partitions);
            }
            return new Options(port, dataDir, partitions, topics, bootstrapFile);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int intValue(String[] args, int i, String option) {
            String v = value(args, i, option);
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a number, got '" + v + "'");
            }
        }
    }
}
