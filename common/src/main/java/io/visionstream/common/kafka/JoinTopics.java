package io.visionstream.common.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The topics a keyed stream join needs before it starts, so that a stack whose topics predate the join works: a join
 * meets two records of one key in the same partition number, so its other input must be partitioned like its
 * {@code leader} input. Missing inputs and outputs are created with the leader's partition count, missing state topics
 * compacted with one partition; existing topics are left as they are, and an input partitioned unlike the leader is
 * refused. Both services' joins (online quality, labelled images) go through here.
 */
public final class JoinTopics {

    private static final long TIMEOUT_SECONDS = 30;

    private JoinTopics() {
    }

    /**
     * Checks and creates the topics; returns the names it created.
     *
     * @param kafka          Kafka client settings (bootstrap servers, security)
     * @param leader         an input that must exist; its partition count is the join's
     * @param coPartitioned  inputs joined with the leader by key: created alike when missing, refused when unlike
     * @param outputs        topics the join writes by the same key: created alike when missing
     * @param compacted      latest-state topics: created compacted with one partition when missing
     * @throws IllegalStateException naming what is wrong
     */
    public static List<String> ensure(Map<String, String> kafka, String leader, List<String> coPartitioned, List<String> outputs,
                                      List<String> compacted) {
        try (Admin admin = Admin.create(new HashMap<>(kafka))) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!existing.contains(leader)) {
                throw new IllegalStateException("the topic " + leader + " does not exist");
            }
            int partitions = partitions(admin, leader);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : concat(coPartitioned, outputs)) {
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
            for (String topic : coPartitioned) {
                int count = partitions(admin, topic);
                if (count != partitions) {
                    throw new IllegalStateException("topic " + topic + " has " + count + " partitions and " + leader + " has " + partitions
                            + ": the join needs both partitioned alike");
                }
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the join's topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check or create the join's topics: " + e.getMessage(), e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int partitions(Admin admin, String topic) throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().size();
    }
}
