# Inference service, GPU: ONNX Runtime's CUDA execution provider (onnxruntime_gpu 1.23.x needs CUDA 12 and cuDNN 9).
# Build from the repository root after `mvn -B -ntp package -Pgpu -pl inference-service -am -DskipTests`
# (the gpu profile swaps the onnxruntime jar for onnxruntime_gpu):
#   docker build -f deploy/k8s/docker/inference-service-gpu.Dockerfile -t ghcr.io/visionstream/inference-service:0.1.0-gpu .
FROM eclipse-temurin:17.0.15_6-jre-jammy AS jre

FROM nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=jre /opt/java/openjdk /opt/java/openjdk

RUN groupadd --system --gid 10001 visionstream \
 && useradd --system --uid 10001 --gid visionstream --home-dir /deployments --no-create-home visionstream

WORKDIR /deployments
COPY --chown=10001:10001 inference-service/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=10001:10001 inference-service/target/quarkus-app/*.jar /deployments/
COPY --chown=10001:10001 inference-service/target/quarkus-app/app/ /deployments/app/
COPY --chown=10001:10001 inference-service/target/quarkus-app/quarkus/ /deployments/quarkus/

USER 10001
EXPOSE 8080
ENTRYPOINT ["java", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "/deployments/quarkus-run.jar"]
