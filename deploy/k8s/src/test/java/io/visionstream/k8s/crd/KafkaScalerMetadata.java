package io.visionstream.k8s.crd;

/** The documented metadata keys of KEDA's {@code kafka} scaler (all strings in the manifest). */
public record KafkaScalerMetadata(String bootstrapServers, String consumerGroup, String topic, String lagThreshold,
                                  String activationLagThreshold, String offsetResetPolicy, String allowIdleConsumers,
                                  String excludePersistentLag, String scaleToZeroOnInvalidOffset,
                                  String limitToPartitionsWithLag, String partitionLimitation, String version, String sasl,
                                  String tls, String unsafeSsl) {
}
