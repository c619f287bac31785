package io.visionstream.common.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The topics of one keyed join, and what it takes for two records of one key to meet. Kafka Streams hands a task
 * partition n of every input, so a record meets its partner only when both lie on partition n. The product's own
 * topics are written by Java's default partitioner (murmur2 of the key) and are read as written when they have the
 * join's partition count; a topic anyone writes ({@code labels}, {@code images}) carries whatever partition its
 * producer picked (librdkafka's CRC32, sarama's FNV-1a, a random one, over any partition count), so the join always
 * re-keys and repartitions it itself. {@link #ensure} checks and creates the topics and says which inputs are
 * repartitioned; both services' joins (online quality, labelled images) go through here.
 *
 * @param sizer     an input that must exist: its partition count is the join's
 * @param own       inputs the product writes, keyed by image id with Java's default partitioner
 * @param foreign   inputs anyone may write
 * @param outputs   topics the join writes by the same key: created like the sizer when missing
 * @param compacted latest-state topics: created compacted with one partition when missing
 */
public record JoinTopics(String sizer, List<String> own, List<String> foreign, List<String> outputs, List<String> compacted) {

    private static final long TIMEOUT_SECONDS = 30;

    public JoinTopics {
        own = List.copyOf(own);
        foreign = List.copyOf(foreign);
        outputs = List.copyOf(outputs);
        compacted = List.copyOf(compacted);
        if (!own.contains(sizer) && !foreign.contains(sizer)) {
            throw new IllegalArgumentException("the join's sizer " + sizer + " must be one of its inputs " + own + " " + foreign);
        }
    }

    /**
     * Creates what is missing (inputs and outputs with the sizer's partition count) and reads the partition counts.
     *
     * @param kafka Kafka client settings (bootstrap servers, security)
     * @return the join's layout: the sizer's partition count; every foreign input, and every own input partitioned
     * unlike the sizer, repartitioned
     * @throws IllegalStateException naming what is wrong: the sizer is missing, or the cluster cannot be asked
     */
    public JoinLayout ensure(Map<String, String> kafka) {
        try (Admin admin = Admin.create(new HashMap<>(kafka))) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!existing.contains(sizer)) {
                throw new IllegalStateException("the topic " + sizer + " does not exist");
            }
            int partitions = partitions(admin, sizer);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : inputsAndOutputs()) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(partitions), Optional.empty()));
                }
            }
            for (String topic : compacted) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(1), Optional.empty()).configs(Map.of("cleanup.policy", "compact")));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            Set<String> repartitioned = new LinkedHashSet<>(foreign);
            for (String topic : own) {
                if (partitions(admin, topic) != partitions) {
                    repartitioned.add(topic);
                }
            }
            return new JoinLayout(partitions, repartitioned, missing.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the join's topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check or create the join's topics: " + e.getMessage(), e);
        }
    }

    private List<String> inputsAndOutputs() {
        List<String> all = new ArrayList<>(own);
        all.addAll(foreign);
        all.addAll(outputs);
        return all;
    }

    private static int partitions(Admin admin, String topic) throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().size();
    }
}
