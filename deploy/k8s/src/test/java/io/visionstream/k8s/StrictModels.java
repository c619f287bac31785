package io.visionstream.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.visionstream.k8s.crd.KedaScaledObject;
import io.visionstream.k8s.crd.KedaTriggerAuthentication;
import io.visionstream.k8s.crd.PrometheusPodMonitor;
import io.visionstream.k8s.crd.PrometheusServiceMonitor;
import io.visionstream.k8s.crd.StrimziKafka;
import io.visionstream.k8s.crd.StrimziKafkaNodePool;
import io.visionstream.k8s.crd.StrimziKafkaTopic;
import io.visionstream.k8s.crd.StrimziKafkaUser;

import java.util.Map;

/**
 * Turns a manifest into its typed object, failing on anything the type does not know. fabric8's models collect
 * unknown fields in an "additional properties" map (a misspelled {@code readinesProbe} would pass silently), so the
 * mapper here ignores those any-setters and fails on unknown properties instead. Kinds outside {@link #KINDS} fail too.
 */
final class StrictModels {

    /** apiVersion/kind -> the type that validates it. */
    static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", StrimziKafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", StrimziKafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", StrimziKafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", StrimziKafkaUser.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", KedaScaledObject.class),
            Map.entry("keda.sh/v1alpha1/TriggerAuthentication", KedaTriggerAuthentication.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PrometheusPodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", PrometheusServiceMonitor.class));

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .build();

    private StrictModels() {
    }

    /** The typed object of one manifest; an unknown kind or field throws with the document's identity. */
    static Object typed(JsonNode manifest) {
        String key = manifest.path("apiVersion").asText() + "/" + manifest.path("kind").asText();
        String id = key + " " + manifest.path("metadata").path("name").asText("<unnamed>");
        Class<?> type = KINDS.get(key);
        if (type == null) {
            throw new InvalidManifestException(id + ": kind not validated here (known: " + KINDS.keySet().stream().sorted().toList() + ")");
        }
        return convert(manifest, type, id);
    }

    /** Converts a sub-tree (e.g. a scaler's metadata) strictly into {@code type}. */
    static <T> T convert(JsonNode node, Class<T> type, String id) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidManifestException(id + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
