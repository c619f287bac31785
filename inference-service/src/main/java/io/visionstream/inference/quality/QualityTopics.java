package io.visionstream.inference.quality;

import io.visionstream.inference.config.InferenceConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.jboss.logging.Logger;

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
 * Makes sure the join's own topics exist before it starts, so a stack whose topics predate online quality works:
 * {@code labels} and {@code predictions.labelled} with as many partitions as the predictions topic (the join meets
 * an image's prediction and label in the same partition number), {@code predictions.quality} compacted with one
 * partition. Existing topics are left as they are; a labels topic partitioned unlike the predictions is an error the
 * join refuses to start with.
 */
final class QualityTopics {

    private static final Logger LOG = Logger.getLogger(QualityTopics.class);
    private static final long TIMEOUT_SECONDS = 30;

    private QualityTopics() {
    }

    static void ensure(InferenceConfig.Quality config, Map<String, String> kafka) {
        Map<String, Object> props = new HashMap<>(kafka);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String predictions = config.predictionTopics().get(0);
            if (!existing.contains(predictions)) {
                throw new IllegalStateException("the predictions topic " + predictions + " does not exist");
            }
            int partitions = partitions(admin, predictions);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(config.labelsTopic(), config.labelledTopic())) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(partitions), Optional.empty()));
                }
            }
            if (!existing.contains(config.qualityTopic())) {
                missing.add(new NewTopic(config.qualityTopic(), Optional.of(1), Optional.empty()).configs(Map.of("cleanup.policy", "compact")));
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.infof("online quality: created %s", missing.stream().map(NewTopic::name).toList());
            }
            int labelPartitions = partitions(admin, config.labelsTopic());
            if (labelPartitions != partitions) {
                throw new IllegalStateException("topic " + config.labelsTopic() + " has " + labelPartitions + " partitions and " + predictions
                        + " has " + partitions + ": the join needs both partitioned alike");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the online-quality topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check or create the online-quality topics: " + e.getMessage(), e);
        }
    }

    private static int partitions(Admin admin, String topic) throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
        return description.partitions().size();
    }
}
