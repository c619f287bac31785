package io.visionstream.local.kafka;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded broker for people and scripts: starts it, creates the contract topics, prints
 * {@code bootstrap.servers=HOST:PORT} (and writes it to {@code --bootstrap-file} if given), then runs until SIGTERM
 * or Ctrl-C, when it stops the broker, deletes its temporary data and exits with status 0. With {@code --ignore-sigint}
 * only SIGTERM stops it: a supervisor that stops the services first (they drain into the broker) and the broker last
 * uses it, because Ctrl-C sends SIGINT to the whole process group at once. With {@code --node-id}, {@code --controllers}
 * (every node's controller port) and {@code --cluster-id} it is one node of a cluster whose nodes run as processes
 * of their own (see {@code BrokerCluster}), so that one can be killed while the others go on.
 *
 * <pre>
 * usage: EmbeddedKafkaLauncher [--port N] [--data-dir DIR] [--partitions N] [--no-topics] [--bootstrap-file FILE] [--ignore-sigint]
 *                             [--node-id N --controllers ID:PORT,... --cluster-id ID]
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
            System.err.println("usage: EmbeddedKafkaLauncher [--port N] [--data-dir DIR] [--partitions N] [--no-topics] [--bootstrap-file FILE] "
                    + "[--ignore-sigint] [--node-id N --controllers ID:PORT,... --cluster-id ID]");
            System.exit(2);
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), options.ignoreSigint ? SignalHandler.SIG_IGN : signal -> stop.countDown());

        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().port(options.port);
        if (options.dataDir != null) {
            builder.dataDir(options.dataDir);
        }
        if (options.quorum != null) {
            builder.node(options.quorum);
        }
        long started = System.nanoTime();
        try (EmbeddedKafkaBroker broker = builder.start()) {
            if (options.createTopics) {
                broker.createTopics(ContractTopics.all(options.partitions));
            }
            if (options.bootstrapFile != null) {
                Files.writeString(options.bootstrapFile, broker.bootstrapServers() + System.lineSeparator(), StandardCharsets.UTF_8);
            }
            System.out.printf("embedded Kafka (KRaft, %s) up in %d ms, data in %s%n",
                    options.quorum == null ? "1 node" : "node " + options.quorum.nodeId() + " of " + options.quorum.controllerPorts().size(),
                    (System.nanoTime() - started) / 1_000_000, broker.dataDir());
            System.out.println(READY_PREFIX + broker.bootstrapServers());
            System.out.flush();
            stop.await();
            System.out.println("stopping embedded Kafka ...");
        }
        System.out.println("embedded Kafka stopped");
        System.exit(0);
    }

    private record Options(int port, Path dataDir, int partitions, boolean createTopics, Path bootstrapFile, boolean ignoreSigint,
                           EmbeddedKafkaBroker.Quorum quorum) {

        static Options parse(String[] args) {
            int port = 0;
            Path dataDir = null;
            int partitions = DEFAULT_PARTITIONS;
            boolean topics = true;
            Path bootstrapFile = null;
            boolean ignoreSigint = false;
            Integer nodeId = null;
            Map<Integer, Integer> controllers = null;
            String clusterId = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = intValue(args, ++i, "--port");
                    case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                    case "--partitions" -> partitions = intValue(args, ++i, "--partitions");
                    case "--no-topics" -> topics = false;
                    case "--bootstrap-file" -> bootstrapFile = Path.of(value(args, ++i, "--bootstrap-file"));
                    case "--ignore-sigint" -> ignoreSigint = true;
                    case "--node-id" -> nodeId = intValue(args, ++i, "--node-id");
                    case "--controllers" -> controllers = controllers(value(args, ++i, "--controllers"));
                    case "--cluster-id" -> clusterId = value(args, ++i, "--cluster-id");
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be >= 1, was " + partitions);
            }
            boolean clustered = nodeId != null || controllers != null || clusterId != null;
            if (clustered && (nodeId == null || controllers == null || clusterId == null)) {
                throw new IllegalArgumentException("a cluster node needs --node-id, --controllers and --cluster-id together");
            }
            return new Options(port, dataDir, partitions, topics, bootstrapFile, ignoreSigint,
                    clustered ? new EmbeddedKafkaBroker.Quorum(nodeId, controllers, clusterId) : null);
        }

        /** {@code 1:9101,2:9102} to node id -> controller port. */
        private static Map<Integer, Integer> controllers(String list) {
            Map<Integer, Integer> ports = new TreeMap<>();
            for (String entry : list.split(",")) {
                String[] idAndPort = entry.split(":");
                if (idAndPort.length != 2) {
                    throw new IllegalArgumentException("--controllers needs ID:PORT entries, got '" + entry + "'");
                }
                try {
                    ports.put(Integer.parseInt(idAndPort[0].trim()), Integer.parseInt(idAndPort[1].trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--controllers needs numbers in ID:PORT, got '" + entry + "'");
                }
            }
            return ports;
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
