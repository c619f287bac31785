package io.visionstream.k8s;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The services' configuration is read from their sources as Quarkus would see it. */
class ConfigSourcesTest {

    @Test
    void configMappingKeysIncludeNestedGroupsInKebabCase() throws Exception {
        ServiceConfig inference = ServiceConfig.inference();

        assertThat(inference.mappingKeys()).contains("visionstream.inference.registry-root", "visionstream.inference.batching.max-wait",
                "visionstream.inference.onnx.cuda-memory-limit-bytes", "visionstream.inference.rollout.gate.max-latency-ratio",
                "visionstream.inference.rollout.gate.on-healthy", "visionstream.inference.rollout.gate.criteria");
        // Groups are not keys, nor are default methods (Gate#policy() combines the gate's keys; SmallRye ignores it).
        assertThat(inference.mappingKeys()).doesNotContain("visionstream.inference.batching", "visionstream.inference.rollout.gate",
                "visionstream.inference.rollout.gate.policy");
        assertThat(inference.mappingKeys()).noneMatch(key -> key.startsWith("visionstream.inference.rollout.auto-rollback"));
        assertThat(ServiceConfig.trainer().mappingKeys()).containsExactlyInAnyOrder("visionstream.trainer.registry-root",
                "visionstream.trainer.runs-root", "visionstream.trainer.data-dir", "visionstream.trainer.release-ack-timeout",
                "visionstream.trainer.security.read-policy", "visionstream.trainer.security.allowed-roots", "visionstream.trainer.jobs.queue-capacity",
                "visionstream.trainer.jobs.keep-finished", "visionstream.trainer.jobs.max-event-streams",
                "visionstream.trainer.continual.images-topic", "visionstream.trainer.continual.labels-topic",
                "visionstream.trainer.continual.labelled-topic", "visionstream.trainer.continual.join-enabled", "visionstream.trainer.continual.window",
                "visionstream.trainer.continual.grace", "visionstream.trainer.continual.application-id", "visionstream.trainer.continual.state-dir",
                "visionstream.trainer.continual.commit-interval", "visionstream.trainer.continual.max-images",
                "visionstream.trainer.continual.follow-triggers", "visionstream.trainer.continual.triggers-topic",
                "visionstream.trainer.continual.triggered-last", "visionstream.trainer.continual.triggered-wait",
                "visionstream.trainer.continual.triggered-epochs",
                "visionstream.trainer.continual.keep-triggers");
    }

    @Test
    void channelsGiveTopicsAndTheConsumerGroup() throws Exception {
        ServiceConfig inference = ServiceConfig.inference();

        assertThat(inference.incoming("images", "group.id")).contains("visionstream-inference");
        assertThat(inference.topics()).contains("images", "predictions", "images.dlq", "model-rollouts", "model-releases");
        assertThat(ServiceConfig.trainer().topics()).containsExactly("model-releases");
    }

    @Test
    void propertiesDropProfilePrefixesAndRefuseBrokenLines() {
        assertThat(PropertiesText.parse("# c\n%test.a.b = 1\nc=x=y\n")).containsEntry("a.b", "1").containsEntry("c", "x=y");
        assertThatThrownBy(() -> PropertiesText.parse("just words")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void envNamesFollowSmallRyeConfig() {
        assertThat(ConfigChecks.envName("visionstream.inference.onnx.cuda-device-id")).isEqualTo("VISIONSTREAM_INFERENCE_ONNX_CUDA_DEVICE_ID");
    }
}
