package io.visionstream.local.process;

import io.visionstream.local.kafka.ContractTopics;
import io.visionstream.local.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A multi-broker Kafka cluster on this machine, each node its own {@link BrokerProcess} (broker and controller of a
 * static KRaft quorum), as production runs three: topics get three replicas, two in sync, so one node may be killed
 * or restarted while clients go on. The contract topics are created once every node is up.
 */
public final class BrokerCluster implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;

    private final List<BrokerProcess> nodes;

    private BrokerCluster(List<BrokerProcess> nodes) {
        this.nodes = nodes;
    }

    /** Starts {@code size} nodes (logs {@code kafka-<id>.log} in {@code logs}) with the contract topics ({@code partitions} each for the streams). */
    public static BrokerCluster start(Path dataDir, Path logs, int size, int partitions) throws IOException, InterruptedException {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster has at least one node, not " + size);
        }
        Map<Integer, Integer> controllers = new LinkedHashMap<>();
        Map<Integer, Integer> clientPorts = new LinkedHashMap<>();
        for (int id = 1; id <= size; id++) {
            controllers.put(id, ServiceProcess.freePort());
            clientPorts.put(id, ServiceProcess.freePort());
        }
        String voters = controllers.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
        String clusterId = EmbeddedKafkaBroker.Quorum.newClusterId();
        List<BrokerProcess> nodes = new ArrayList<>();
        BrokerCluster cluster = new BrokerCluster(nodes);
        try {
            for (int id = 1; id <= size; id++) {
                nodes.add(BrokerProcess.launchNode(dataDir.resolve("node-" + id), logs.resolve("kafka-" + id + ".log"), clientPorts.get(id), id,
                        voters, clusterId));
            }
            for (BrokerProcess node : nodes) {
                node.awaitStarted();
            }
            cluster.createTopics(ContractTopics.all(partitions));
            return cluster;
        } catch (IOException | RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
    }

    /** Every node's {@code host:port}, for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return nodes.stream().map(BrokerProcess::bootstrapServers).collect(Collectors.joining(","));
    }

    /** The node with id {@code id} (1 to size). */
    public BrokerProcess node(int id) {
        return nodes.get(id - 1);
    }

    public int size() {
        return nodes.size();
    }

    private void createTopics(List<NewTopic> topics) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause(), e.getCause());
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("topic " + topic.name() + " not created within " + TIMEOUT_SECONDS + " s", e);
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        nodes.forEach(BrokerProcess::signalStop);
        for (BrokerProcess node : nodes) {
            node.close();
        }
    }
}
