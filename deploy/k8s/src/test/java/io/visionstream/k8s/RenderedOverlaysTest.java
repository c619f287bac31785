package io.visionstream.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.visionstream.k8s.crd.KedaScaledObject;
import io.visionstream.k8s.crd.StrimziKafkaTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kustomization an operator applies renders, validates against its types and keeps every invariant. */
class RenderedOverlaysTest {

    static ManifestSet render(String kustomization) throws Exception {
        return ManifestSet.parse(Kustomize.fromEnvironment().render(Repo.module(kustomization)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu", "training/cpu", "training/gpu"})
    void rendersValidObjectsThatKeepEveryInvariant(String kustomization) throws Exception {
        ManifestSet set = render(kustomization);

        assertThat(set.objects()).isNotEmpty();
        assertThat(Invariants.fromRepository().violations(set)).as(kustomization).isEmpty();
    }

    @Test
    void overlaysHoldTheWholeDeploymentInTheirNamespace() throws Exception {
        for (String overlay : List.of("overlays/cpu", "overlays/gpu")) {
            ManifestSet set = render(overlay);
            assertThat(set.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                    .containsExactlyInAnyOrder("visionstream-inference", "visionstream-trainer");
            assertThat(set.all(StrimziKafkaTopic.class)).extracting(StrimziKafkaTopic::topicName)
                    .containsExactlyInAnyOrderElementsOf(KafkaChecks.usedTopics(ServiceConfig.inference(), ServiceConfig.trainer()));
            assertThat(set.all(KedaScaledObject.class)).hasSize(1);
            assertThat(set.all(Deployment.class)).allSatisfy(d -> assertThat(d.getMetadata().getNamespace()).isEqualTo("visionstream"));
        }
    }

    @Test
    void gpuOverlayRequestsGpusAndSwitchesOnnxRuntimeAndDjlToCuda() throws Exception {
        ManifestSet gpu = render("overlays/gpu");
        for (Deployment deployment : gpu.all(Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getResources().getLimits()).containsKey("nvidia.com/gpu");
            assertThat(container.getImage()).endsWith("-gpu");
            assertThat(deployment.getSpec().getTemplate().getSpec().getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
        }
        ConfigMap gpuEnv = gpu.all(ConfigMap.class).stream().filter(m -> m.getMetadata().getName().startsWith("visionstream-inference-gpu-env"))
                .findFirst().orElseThrow();
        assertThat(gpuEnv.getData()).containsEntry("VISIONSTREAM_INFERENCE_ONNX_PROVIDER", "cuda");
        Container trainer = trainer(gpu);
        assertThat(trainer.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("PYTORCH_LIBRARY_PATH"));

        ManifestSet cpu = render("overlays/cpu");
        assertThat(cpu.all(Deployment.class)).allSatisfy(d -> assertThat(
                d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()).doesNotContainKey("nvidia.com/gpu"));
        assertThat(trainer(cpu).getEnv()).noneSatisfy(e -> assertThat(e.getName()).isEqualTo("PYTORCH_LIBRARY_PATH"));
    }

    @Test
    void trainingJobRunsTheTrainerCliAndGetsTheGpuOnlyInTheGpuTemplate() throws Exception {
        Job cpu = render("training/cpu").all(Job.class).get(0);
        Container container = cpu.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs()).startsWith("train", "--arch").contains("--dataset", "--epochs", "--out", "--data-dir");
        assertThat(container.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");

        Job gpu = render("training/gpu").all(Job.class).get(0);
        assertThat(gpu.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()).containsKey("nvidia.com/gpu");
    }

    private static Container trainer(ManifestSet set) {
        return set.all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals("visionstream-trainer")).findFirst()
                .orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0);
    }
}
