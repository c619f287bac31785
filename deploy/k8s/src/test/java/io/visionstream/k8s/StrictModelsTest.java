package io.visionstream.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.visionstream.k8s.crd.StrimziKafkaTopic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Misspelled fields, wrong kinds and wrong API versions fail, in core kinds and in CRDs alike. */
class StrictModelsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: example/web:1.0
                      %s:
                        httpGet: {path: /q/health/ready, port: 8080}
            """;

    @Test
    void aCorrectDeploymentBecomesItsTypedObject() throws Exception {
        ManifestSet set = ManifestSet.parse(DEPLOYMENT.formatted("readinessProbe"));

        assertThat(set.all(Deployment.class).get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe()
                .getHttpGet().getPath()).isEqualTo("/q/health/ready");
    }

    @Test
    void aMisspelledCoreFieldFails() {
        assertThatThrownBy(() -> ManifestSet.parse(DEPLOYMENT.formatted("readinesProbe")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("apps/v1/Deployment web").hasMessageContaining("readinesProbe");
    }

    @Test
    void aMisspelledCrdFieldFails() throws Exception {
        String topic = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: images}
                spec: {%s: 12, replicas: 3}
                """;
        assertThat(ManifestSet.parse(topic.formatted("partitions")).all(StrimziKafkaTopic.class).get(0).spec().partitions()).isEqualTo(12);
        assertThatThrownBy(() -> ManifestSet.parse(topic.formatted("partitons")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("partitons");
    }

    @Test
    void anUnknownKindOrApiVersionFails() {
        assertThatThrownBy(() -> ManifestSet.parse("apiVersion: apps/v1\nkind: Deploymnt\nmetadata: {name: web}\n"))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("kind not validated");
        assertThatThrownBy(() -> ManifestSet.parse("apiVersion: kafka.strimzi.io/v1alpha1\nkind: KafkaTopic\nmetadata: {name: t}\n"))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("kind not validated");
    }

    @Test
    void aMisspelledKedaKafkaScalerKeyFails() {
        com.fasterxml.jackson.databind.node.ObjectNode metadata = StrictModels.MAPPER.createObjectNode().put("lagTreshold", "500");

        assertThatThrownBy(() -> StrictModels.convert(metadata, io.visionstream.k8s.crd.KafkaScalerMetadata.class, "trigger"))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("lagTreshold");
    }
}
