# Inference service, CPU (ONNX Runtime CPU natives from the onnxruntime jar).
# Build from the repository root after `mvn -B -ntp package -pl inference-service -am -DskipTests`:
#   docker build -f deploy/k8s/docker/inference-service.Dockerfile -t ghcr.io/visionstream/inference-service:0.1.0 .
FROM eclipse-temurin:17.0.15_6-jre-jammy

# Non-root; the numeric id matches runAsUser in the manifests.
RUN groupadd --system --gid 10001 visionstream \
 && useradd --system --uid 10001 --gid visionstream --home-dir /deployments --no-create-home visionstream

WORKDIR /deployments
# The Quarkus fast-jar, layer by layer from least to most often changed.
COPY --chown=10001:10001 inference-service/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=10001:10001 inference-service/target/quarkus-app/*.jar /deployments/
COPY --chown=10001:10001 inference-service/target/quarkus-app/app/ /deployments/app/
COPY --chown=10001:10001 inference-service/target/quarkus-app/quarkus/ /deployments/quarkus/

USER 10001
EXPOSE 8080
# Kubernetes mounts config/application.properties (read by Quarkus from the working directory) and a writable /tmp.
ENTRYPOINT ["java", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "/deployments/quarkus-run.jar"]
