package io.visionstream.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.visionstream.k8s.crd.StrimziKafkaTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each invariant catches its violation: the real cpu overlay is rendered, one thing is broken, and the check must
 * name it (while the unbroken render has no violation at all, see {@link RenderedOverlaysTest}).
 */
class InvariantsTest {

    private static String cpuYaml;
    private static Invariants invariants;
    private ManifestSet set;

    @BeforeAll
    static void renderOnce() throws Exception {
        cpuYaml = Kustomize.fromEnvironment().render(Repo.module("overlays/cpu"));
        invariants = Invariants.fromRepository();
    }

    @BeforeEach
    void freshCopy() throws Exception {
        set = ManifestSet.parse(cpuYaml);
        assertThat(invariants.violations(set)).isEmpty();
    }

    @Test
    void missingLimitsAreCaught() {
        inference(c -> c.getResources().setLimits(null));
        assertThat(invariants.violations(set)).contains("Deployment visionstream-inference container inference: no limits.cpu");
    }

    @Test
    void latestOrUntaggedImagesAreCaught() {
        inference(c -> c.setImage("ghcr.io/visionstream/inference-service:latest"));
        trainer(c -> c.setImage("localhost:5000/visionstream/trainer-service"));
        assertThat(invariants.violations(set)).anyMatch(v -> v.contains("uses :latest")).anyMatch(v -> v.contains("has no tag"));
    }

    @Test
    void rootUsersAndWritableRootFilesystemsAreCaught() {
        inferencePod(pod -> pod.getSecurityContext().setRunAsNonRoot(false));
        trainer(c -> c.getSecurityContext().setReadOnlyRootFilesystem(false));
        assertThat(invariants.violations(set))
                .contains("Deployment visionstream-inference container inference: does not run as non-root (runAsNonRoot: true, runAsUser != 0)")
                .contains("Deployment visionstream-trainer container trainer: root filesystem is not read-only");
    }

    @Test
    void missingProbesAndTmpAreCaught() {
        inference(c -> c.setReadinessProbe(null));
        trainer(c -> c.getVolumeMounts().removeIf(m -> m.getMountPath().equals("/tmp")));
        assertThat(invariants.violations(set))
                .contains("Deployment visionstream-inference container inference: no readinessProbe on /q/health/*")
                .anyMatch(v -> v.startsWith("Deployment visionstream-trainer container trainer: no writable /tmp"));
    }

    @Test
    void aWritableRegistryMountInInferenceIsCaught() {
        inference(c -> c.getVolumeMounts().stream().filter(m -> m.getName().equals("registry")).forEach(m -> m.setReadOnly(false)));
        assertThat(invariants.violations(set))
                .contains("Deployment visionstream-inference container inference: volume claim visionstream-model-registry is not read-only");
    }

    @Test
    void aUsedTopicWithoutKafkaTopicIsCaught() {
        set = set.without(o -> o instanceof StrimziKafkaTopic t && t.topicName().equals("model-rollouts"));
        assertThat(invariants.violations(set)).contains("topic model-rollouts is used by the services but has no KafkaTopic");
    }

    @Test
    void uncompactedStateTopicsAndUnknownTopicSettingsAreCaught() {
        Map<String, Object> releases = topic("model-releases").spec().config();
        releases.put("cleanup.policy", "delete");
        topic("images").spec().config().put("retention.msec", 1000);
        assertThat(invariants.violations(set))
                .contains("KafkaTopic model-releases: must be compacted (cleanup.policy=compact): it holds the latest state per model")
                .contains("KafkaTopic images: retention.msec is not a Kafka topic setting");
    }

    @Test
    void kedaBeyondThePartitionsOrOnTheWrongGroupIsCaught() throws Exception {
        set = ManifestSet.parse(cpuYaml.replace("maxReplicaCount: 12", "maxReplicaCount: 13")
                .replace("consumerGroup: visionstream-inference", "consumerGroup: inference"));
        assertThat(invariants.violations(set))
                .contains("ScaledObject visionstream-inference: maxReplicaCount 13 exceeds the 12 partitions of images (extra consumers would sit idle)")
                .contains("ScaledObject visionstream-inference: watches group inference but the inference service consumes in visionstream-inference");
    }

    @Test
    void configKeysThatNoServiceDefinesAreCaught() {
        ConfigMap inferenceConfig = configMap("visionstream-inference-config");
        inferenceConfig.getData().compute("application.properties", (k, text) -> text + "\nvisionstream.inference.batching.max-batchsize=64\n");
        List<Object> objects = new ArrayList<>(set.objects());
        objects.add(new ConfigMapBuilder().withNewMetadata().withName("env").addToAnnotations(ConfigChecks.FOR, "inference-service")
                .addToAnnotations(ConfigChecks.FORMAT, "env").endMetadata()
                .addToData("VISIONSTREAM_INFERENCE_ONNX_PROVIDER", "cuda").addToData("VISIONSTREAM_INFERENCE_ONNX_PROVIDR", "cuda").build());
        objects.add(new ConfigMapBuilder().withNewMetadata().withName("stray").endMetadata().addToData("a", "b").build());
        set = new ManifestSet(objects);

        assertThat(invariants.violations(set)).containsExactlyInAnyOrder(
                "ConfigMap " + inferenceConfig.getMetadata().getName() + ": visionstream.inference.batching.max-batchsize is not a property of inference-service",
                "ConfigMap env: VISIONSTREAM_INFERENCE_ONNX_PROVIDR maps to no property of inference-service",
                "ConfigMap stray: neither service configuration (visionstream.io/config-for) nor a Grafana dashboard");
    }

    @Test
    void aGracePeriodShorterThanTheDrainIsCaught() {
        inferencePod(pod -> pod.setTerminationGracePeriodSeconds(30L));
        configMap("visionstream-trainer-config").getData().compute("application.properties",
                (k, text) -> text.replace("quarkus.shutdown.timeout=", "#"));
        assertThat(invariants.violations(set))
                .contains("Deployment visionstream-inference container inference: terminationGracePeriodSeconds 30 must exceed preStop 10 s + quarkus.shutdown.timeout 30 s")
                .anyMatch(v -> v.startsWith("Deployment visionstream-trainer container trainer: its configuration sets no quarkus.shutdown.timeout"));
    }

    private StrimziKafkaTopic topic(String name) {
        return set.all(StrimziKafkaTopic.class).stream().filter(t -> t.topicName().equals(name)).findFirst().orElseThrow();
    }

    private ConfigMap configMap(String prefix) {
        return set.all(ConfigMap.class).stream().filter(m -> m.getMetadata().getName().startsWith(prefix + "-")).findFirst().orElseThrow();
    }

    private void inference(Consumer<Container> change) {
        inferencePod(pod -> change.accept(pod.getContainers().get(0)));
    }

    private void inferencePod(Consumer<PodSpec> change) {
        change.accept(deployment("visionstream-inference").getSpec().getTemplate().getSpec());
    }

    private void trainer(Consumer<Container> change) {
        change.accept(deployment("visionstream-trainer").getSpec().getTemplate().getSpec().getContainers().get(0));
    }

    private Deployment deployment(String name) {
        return set.all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }
}
