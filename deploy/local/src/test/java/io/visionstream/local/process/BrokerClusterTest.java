package io.visionstream.local.process;

import io.visionstream.common.kafka.Topics;
import io.visionstream.local.kafka.TopicClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three brokers, each its own process: the contract topics have three replicas, two in sync; with one node killed
 * (SIGKILL) every acknowledged record is still there, and the node rejoins.
 */
class BrokerClusterTest {

    @Test
    void threeNodesKeepEveryAcknowledgedRecordThroughTheLossOfOne(@TempDir Path dir) throws Exception {
        try (BrokerCluster cluster = BrokerCluster.start(dir.resolve("data"), dir, 3, 3);
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            TopicDescription images = admin.describeTopics(List.of(Topics.IMAGES)).allTopicNames().get(30, TimeUnit.SECONDS).get(Topics.IMAGES);
            assertThat(images.partitions()).hasSize(3).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.IMAGES)))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next();
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");

            try (TopicClient kafka = new TopicClient(cluster.bootstrapServers())) {
                kafka.sendRawAll(Topics.LABELS, records(0, 100));
                cluster.node(1).kill();
                kafka.sendRawAll(Topics.LABELS, records(100, 200));
                assertThat(keys(kafka)).as("every acknowledged record, one node down").hasSize(200);
                cluster.node(1).restart();
                kafka.sendRawAll(Topics.LABELS, records(200, 300));
                assertThat(keys(kafka)).as("and after it rejoined").hasSize(300);
            }
        }
    }

    private static List<Map.Entry<String, byte[]>> records(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> Map.entry("k-" + i, ("v-" + i).getBytes(StandardCharsets.UTF_8))).toList();
    }

    private static Set<String> keys(TopicClient kafka) {
        return kafka.readAll(Topics.LABELS, Duration.ofSeconds(60)).stream().map(r -> r.key()).collect(Collectors.toSet());
    }
}
