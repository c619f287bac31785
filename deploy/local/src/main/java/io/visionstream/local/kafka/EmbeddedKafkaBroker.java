package io.visionstream.local.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apache Kafka broker - not a mock - running in this JVM as a single combined broker+controller node in
 * KRaft mode, on free loopback ports, with its log in a temporary directory removed on {@link #close()}. It is how
 * the tests and the local demo get Kafka where there is no Docker.
 *
 * <p>One-node settings are applied (replication factor 1 for the internal offsets and transaction topics, without
 * which consumer groups silently receive nothing), and message size limits are raised to
 * {@link #DEFAULT_MAX_MESSAGE_BYTES} so image payloads up to the decoder's 10 MiB limit fit.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Broker-wide record size limit: that of the image topics. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = io.visionstream.common.kafka.Topics.IMAGE_MESSAGE_MAX_BYTES;
    private static final String HOST = "127.0.0.1";
    private static final int SINGLE_NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean deleteDataOnClose;
    private final String bootstrapServers;
    private volatile boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, boolean deleteDataOnClose, String bootstrapServers) {
        this.server = server;
        this.dataDir = dataDir;
        this.deleteDataOnClose = deleteDataOnClose;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker with defaults: free ports, a fresh temporary data directory, no extra properties. */
    public static EmbeddedKafkaBroker start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates topics (idempotently: existing topics are left as they are) and waits until they exist. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = admin()) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause(), e.getCause());
                    }
                }
            }
            awaitHosted(admin, topics.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("topics not created within " + READY_TIMEOUT, e);
        }
    }

    /**
     * Waits until the broker hosts every partition of {@code names} with a leader: creation is acknowledged by the
     * controller before the broker's metadata has caught up, and a client that asks in between is told the topic is
     * unknown.
     */
    private static void awaitHosted(Admin admin, List<String> names) throws InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                boolean led = admin.describeTopics(names).allTopicNames().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS).values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                // not hosted yet: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new java.util.concurrent.TimeoutException("topics " + names + " not hosted within " + READY_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** Stops the broker, waits for it, and deletes its data directory unless it was supplied by the caller. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (deleteDataOnClose) {
            deleteRecursively(dataDir);
        }
    }

    /**
     * The static KRaft quorum a node belongs to: every node a broker and a controller.
     *
     * @param nodeId          this node
     * @param controllerPorts every node's controller port, by node id
     * @param clusterId       the id all nodes are formatted with; null for a single node (a fresh random id)
     */
    public record Quorum(int nodeId, Map<Integer, Integer> controllerPorts, String clusterId) {

        public Quorum {
            controllerPorts = Map.copyOf(controllerPorts);
            if (!controllerPorts.containsKey(nodeId)) {
                throw new IllegalArgumentException("node " + nodeId + " is not one of the quorum's nodes " + controllerPorts.keySet());
            }
        }

        static Quorum single(int controllerPort) {
            return new Quorum(SINGLE_NODE_ID, Map.of(SINGLE_NODE_ID, controllerPort), null);
        }

        /** A fresh cluster id for the nodes of one cluster to share. */
        public static String newClusterId() {
            return Uuid.randomUuid().toString();
        }

        int controllerPort() {
            return controllerPorts.get(nodeId);
        }

        String voters(String host) {
            return controllerPorts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "@" + host + ":" + e.getValue()).collect(java.util.stream.Collectors.joining(","));
        }

        int replicas() {
            return Math.min(3, controllerPorts.size());
        }

        int minInSync() {
            return Math.min(2, replicas());
        }
    }

    /** Options of an embedded broker. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private final Map<String, String> overrides = new HashMap<>();
        private Quorum quorum;

        private Builder() {
        }

        /** The client port; 0 (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be within 0-65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Keeps the log in this directory (not deleted on close); default: a new temporary directory, deleted. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * Makes this broker one node of a cluster: each node of {@code quorum} is a broker and a controller (a static
         * KRaft quorum); topics default to three replicas (fewer on a smaller cluster), two in sync. Default: a single node.
         */
        public Builder node(Quorum quorum) {
            this.quorum = quorum;
            return this;
        }

        /** Any broker property, e.g. {@code num.partitions}; applied last, so it wins over the defaults. */
        public Builder property(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafkaBroker start() {
            boolean temporary = dataDir == null;
            try {
                Path dir = temporary ? Files.createTempDirectory("visionstream-kafka-") : Files.createDirectories(dataDir);
                int clientPort = port == 0 ? freePort() : port;
                Quorum nodes = quorum != null ? quorum : Quorum.single(freePort());
                Properties props = brokerProperties(dir, clientPort, nodes);
                props.putAll(overrides);
                KafkaConfig config = new KafkaConfig(props, false);
                formatIfNew(config, dir, nodes);
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                server.startup();
                EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dir, temporary, HOST + ":" + clientPort);
                broker.awaitReady();
                return broker;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the Kafka data directory", e);
            }
        }
    }

    private static Properties brokerProperties(Path dir, int clientPort, Quorum quorum) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(quorum.nodeId()));
        props.put("controller.quorum.voters", quorum.voters(HOST));
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + quorum.controllerPort());
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dir.resolve("log").toString());
        // Internal topics must not ask for more replicas than exist: one on one node, three (two in sync) on a cluster.
        String replicas = Integer.toString(quorum.replicas());
        String inSync = Integer.toString(quorum.minInSync());
        props.put("default.replication.factor", replicas);
        props.put("min.insync.replicas", inSync);
        props.put("offsets.topic.replication.factor", replicas);
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", replicas);
        props.put("transaction.state.log.min.isr", inSync);
        props.put("share.coordinator.state.topic.replication.factor", replicas);
        props.put("share.coordinator.state.topic.min.isr", inSync);
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("message.max.bytes", Integer.toString(DEFAULT_MAX_MESSAGE_BYTES));
        props.put("replica.fetch.max.bytes", Integer.toString(DEFAULT_MAX_MESSAGE_BYTES));
        props.put("socket.request.max.bytes", Integer.toString(4 * DEFAULT_MAX_MESSAGE_BYTES));
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return props;
    }

    private static void formatIfNew(KafkaConfig config, Path dir, Quorum quorum) {
        if (Files.exists(dir.resolve("log").resolve("meta.properties"))) {
            return;
        }
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(quorum.nodeId())
                    .setClusterId(quorum.clusterId() != null ? quorum.clusterId() : Uuid.randomUuid().toString())
                    .setDirectories(List.of(dir.resolve("log").toString()))
                    .setMetadataLogDirectory(dir.resolve("log").toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the KRaft storage in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new IllegalStateException("the embedded Kafka broker did not become ready within " + READY_TIMEOUT, last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
