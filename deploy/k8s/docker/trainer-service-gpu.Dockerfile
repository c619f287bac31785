# Trainer, GPU: DJL 0.36 trains on a CUDA build of libtorch 2.7.1 baked into the image. DJL's CUDA native jars are
# not on Maven Central, so libtorch (cu126) and DJL's JNI bridge for that flavour are downloaded at build time and
# DJL is pointed at them with PYTORCH_LIBRARY_PATH/PYTORCH_VERSION/PYTORCH_FLAVOR (the CPU natives in the jar are
# then not used). DJL looks for its JNI library as <djl-version>-libdjl_torch.so next to libtorch.
# Build from the repository root after `mvn -B -ntp package -pl trainer-service -am -DskipTests`:
#   docker build -f deploy/k8s/docker/trainer-service-gpu.Dockerfile -t ghcr.io/visionstream/trainer-service:0.1.0-gpu .
ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/cu126/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu126.zip
ARG DJL_JNI_URL=https://publish.djl.ai/pytorch/2.7.1/jnilib/0.36.0/linux-x86_64/cu126/libdjl_torch.so

FROM ubuntu:22.04 AS libtorch
ARG LIBTORCH_URL
ARG DJL_JNI_URL
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl unzip \
 && curl -fsSL -o /tmp/libtorch.zip "${LIBTORCH_URL}" \
 && unzip -q /tmp/libtorch.zip -d /opt \
 && curl -fsSL -o /opt/libtorch/lib/0.36.0-libdjl_torch.so "${DJL_JNI_URL}"

FROM eclipse-temurin:17.0.15_6-jre-jammy AS jre

FROM nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
ENV PYTORCH_LIBRARY_PATH=/opt/libtorch/lib PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu126
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
COPY --from=libtorch /opt/libtorch /opt/libtorch

RUN apt-get update \
 && apt-get install -y --no-install-recommends npm \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 visionstream \
 && useradd --system --uid 10001 --gid visionstream --home-dir /deployments --no-create-home visionstream

WORKDIR /deployments
COPY --chown=10001:10001 trainer-service/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=10001:10001 trainer-service/target/quarkus-app/*.jar /deployments/
COPY --chown=10001:10001 trainer-service/target/quarkus-app/app/ /deployments/app/
COPY --chown=10001:10001 trainer-service/target/quarkus-app/quarkus/ /deployments/quarkus/

USER 10001
EXPOSE 8081
ENTRYPOINT ["java", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "/deployments/quarkus-run.jar"]
