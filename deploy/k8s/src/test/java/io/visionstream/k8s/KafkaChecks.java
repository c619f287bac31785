package io.visionstream.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.visionstream.common.kafka.Topics;
import io.visionstream.k8s.crd.KafkaScalerMetadata;
import io.visionstream.k8s.crd.KedaScaledObject;
import io.visionstream.k8s.crd.StrimziKafkaTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Kafka side of a deployment: every topic of the contract and of the services' channels has a KafkaTopic with
 * explicit partitions, replication, min.insync.replicas, retention, size limit and cleanup policy (real Kafka
 * topic settings only); the state topics are compacted; KEDA watches the inference service's real topic and consumer
 * group and never scales past the topic's partitions.
 */
final class KafkaChecks {

    static final Set<String> COMPACTED = Set.of(Topics.MODEL_RELEASES, Topics.MODEL_ROLLOUTS, Topics.PREDICTIONS_QUALITY);
    private static final List<String> REQUIRED_CONFIG = List.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, TopicConfig.RETENTION_MS_CONFIG,
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, TopicConfig.CLEANUP_POLICY_CONFIG);
    private static final Set<String> TOPIC_SETTINGS = topicSettings();

    private KafkaChecks() {
    }

    /** Checks topics only when the set declares some (the training Job's kustomization has none: it uses the base's). */
    static List<String> check(ManifestSet set, ServiceConfig inference, ServiceConfig trainer) {
        List<String> violations = new ArrayList<>();
        List<StrimziKafkaTopic> declared = set.all(StrimziKafkaTopic.class);
        if (!declared.isEmpty() || !set.all(KedaScaledObject.class).isEmpty()) {
            topics(declared, usedTopics(inference, trainer), violations);
        }
        for (KedaScaledObject scaler : set.all(KedaScaledObject.class)) {
            keda(scaler, declared, set.all(Deployment.class), inference, violations);
        }
        return violations;
    }

    /** The contract's topics (common's Topics) and every topic a service channel names. */
    static Set<String> usedTopics(ServiceConfig inference, ServiceConfig trainer) {
        Set<String> topics = new LinkedHashSet<>(List.of(Topics.IMAGES, Topics.PREDICTIONS, Topics.PREDICTIONS_SHADOW, Topics.IMAGES_DLQ,
                Topics.MODEL_RELEASES, Topics.MODEL_ROLLOUTS, Topics.LABELS, Topics.PREDICTIONS_LABELLED, Topics.PREDICTIONS_QUALITY,
                Topics.IMAGES_LABELLED));
        topics.addAll(inference.topics());
        topics.addAll(trainer.topics());
        return topics;
    }

    private static void topics(List<StrimziKafkaTopic> declared, Set<String> used, List<String> violations) {
        for (String topic : used) {
            if (find(declared, topic).isEmpty()) {
                violations.add("topic " + topic + " is used by the services but has no KafkaTopic");
            }
        }
        for (StrimziKafkaTopic topic : declared) {
            String id = "KafkaTopic " + topic.topicName();
            StrimziKafkaTopic.Spec spec = topic.spec();
            Map<String, Object> config = spec.config() == null ? Map.of() : spec.config();
            if (spec.partitions() == null || spec.replicas() == null) {
                violations.add(id + ": partitions and replicas must be explicit");
            }
            for (String key : REQUIRED_CONFIG) {
                if (!config.containsKey(key)) {
                    violations.add(id + ": no explicit " + key);
                }
            }
            for (String key : config.keySet()) {
                if (!TOPIC_SETTINGS.contains(key)) {
                    violations.add(id + ": " + key + " is not a Kafka topic setting");
                }
            }
            Object minIsr = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            if (minIsr != null && spec.replicas() != null && Integer.parseInt(minIsr.toString()) >= spec.replicas()) {
                violations.add(id + ": min.insync.replicas " + minIsr + " leaves no broker to lose with " + spec.replicas() + " replicas");
            }
            boolean compacted = String.valueOf(config.get(TopicConfig.CLEANUP_POLICY_CONFIG)).contains(TopicConfig.CLEANUP_POLICY_COMPACT);
            if (COMPACTED.contains(topic.topicName()) && !compacted) {
                violations.add(id + ": must be compacted (cleanup.policy=compact): it holds the latest state per model");
            }
        }
    }

    private static void keda(KedaScaledObject scaler, List<StrimziKafkaTopic> declared, List<Deployment> deployments,
                             ServiceConfig inference, List<String> violations) {
        String id = "ScaledObject " + scaler.metadata().getName();
        String target = scaler.spec().scaleTargetRef().name();
        if (deployments.stream().noneMatch(d -> d.getMetadata().getName().equals(target))) {
            violations.add(id + ": scales " + target + ", which is not a Deployment here");
        }
        Integer max = scaler.spec().maxReplicaCount();
        for (KedaScaledObject.Trigger trigger : scaler.spec().triggers()) {
            if (!"kafka".equals(trigger.type())) {
                continue;
            }
            KafkaScalerMetadata kafka = StrictModels.convert(trigger.metadata(), KafkaScalerMetadata.class, id + " kafka trigger");
            String topic = inference.incoming("images", "topic").orElse(Topics.IMAGES);
            String group = inference.incoming("images", "group.id").orElse("");
            if (!topic.equals(kafka.topic())) {
                violations.add(id + ": watches topic " + kafka.topic() + " but the inference service consumes " + topic);
            }
            if (!group.equals(kafka.consumerGroup())) {
                violations.add(id + ": watches group " + kafka.consumerGroup() + " but the inference service consumes in " + group);
            }
            if (kafka.lagThreshold() == null) {
                violations.add(id + ": no lagThreshold");
            }
            Optional<StrimziKafkaTopic> watched = find(declared, kafka.topic());
            if (watched.isEmpty()) {
                violations.add(id + ": topic " + kafka.topic() + " has no KafkaTopic");
            } else if (max == null || max > watched.get().spec().partitions()) {
                violations.add(id + ": maxReplicaCount " + max + " exceeds the " + watched.get().spec().partitions()
                        + " partitions of " + kafka.topic() + " (extra consumers would sit idle)");
            }
        }
    }

    private static Optional<StrimziKafkaTopic> find(List<StrimziKafkaTopic> declared, String topic) {
        return declared.stream().filter(t -> t.topicName().equals(topic)).findFirst();
    }

    private static Set<String> topicSettings() {
        Set<String> names = new LinkedHashSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
