package io.visionstream.trainer.stream;

import io.visionstream.trainer.config.TrainerConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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
 * Makes sure the join's topics exist before it starts: {@code labels} and {@code images.labelled} with as many
 * partitions as {@code images} (a windowed join meets an image and its label in the same partition number, so both
 * inputs must be partitioned alike). Existing topics are left as they are; a labels topic partitioned unlike the images
 * is an error the join refuses to start with.
 */
final class LabelledImagesTopics {

    private static final Logger LOG = Logger.getLogger(LabelledImagesTopics.class);
    private static final long TIMEOUT_SECONDS = 30;

    private LabelledImagesTopics() {
    }

    static void ensure(TrainerConfig.Continual config, Map<String, String> kafka) {
        try (Admin admin = Admin.create(new HashMap<>(kafka))) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!existing.contains(config.imagesTopic())) {
                throw new IllegalStateException("the images topic " + config.imagesTopic() + " does not exist");
            }
            int partitions = partitions(admin, config.imagesTopic());
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(config.labelsTopic(), config.labelledTopic())) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(partitions), Optional.empty()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.infof("labelled images: created %s", missing.stream().map(NewTopic::name).toList());
            }
            int labelPartitions = partitions(admin, config.labelsTopic());
            if (labelPartitions != partitions) {
                throw new IllegalStateException("topic " + config.labelsTopic() + " has " + labelPartitions + " partitions and "
                        + config.imagesTopic() + " has " + partitions + ": the join needs both partitioned alike");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the labelled-images topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check or create the labelled-images topics: " + e.getMessage(), e);
        }
    }

    private static int partitions(Admin admin, String topic) throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().size();
    }
}
