package io.visionstream.local.process;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link BrokerCluster} for people and scripts ({@code deploy/local/run-stack.sh --brokers N}): starts the
 * nodes, creates the contract topics, prints {@code bootstrap.servers=...} (and writes it to {@code --bootstrap-file}),
 * then runs until SIGTERM, when it stops every node. It ignores SIGINT, like a single broker under the stack script:
 * on Ctrl-C the services stop first and drain into the cluster.
 *
 * <pre>usage: BrokerClusterLauncher --brokers N --data-dir DIR [--partitions N] [--bootstrap-file FILE]</pre>
 */
public final class BrokerClusterLauncher {

    private BrokerClusterLauncher() {
    }

    public static void main(String[] args) throws Exception {
        int brokers = 3;
        int partitions = 2;
        Path dataDir = null;
        Path bootstrapFile = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--brokers" -> brokers = Integer.parseInt(args[i + 1]);
                case "--partitions" -> partitions = Integer.parseInt(args[i + 1]);
                case "--data-dir" -> dataDir = Path.of(args[i + 1]);
                case "--bootstrap-file" -> bootstrapFile = Path.of(args[i + 1]);
                default -> usage("unknown option '" + args[i] + "'");
            }
        }
        if (args.length % 2 != 0 || dataDir == null || brokers < 1 || partitions < 1) {
            usage("--data-dir is required; --brokers and --partitions must be >= 1");
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        long started = System.nanoTime();
        try (BrokerCluster cluster = BrokerCluster.start(dataDir, Files.createDirectories(dataDir), brokers, partitions)) {
            if (bootstrapFile != null) {
                Files.writeString(bootstrapFile, cluster.bootstrapServers() + System.lineSeparator(), StandardCharsets.UTF_8);
            }
            System.out.printf("Kafka cluster of %d KRaft nodes (each its own process; logs kafka-<id>.log in %s) up in %d ms%n", brokers, dataDir,
                    (System.nanoTime() - started) / 1_000_000);
            System.out.println("bootstrap.servers=" + cluster.bootstrapServers());
            System.out.flush();
            stop.await();
            System.out.println("stopping the Kafka cluster ...");
        }
        System.out.println("Kafka cluster stopped");
        System.exit(0);
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: BrokerClusterLauncher --brokers N --data-dir DIR [--partitions N] [--bootstrap-file FILE]");
        System.exit(2);
    }
}
