package io.visionstream.bench.security;

import io.visionstream.local.auth.DevJwt;
import io.visionstream.local.kafka.EmbeddedKafkaBroker;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services as a deployment runs them (the jar, no profile): without a verification key, a real issuer and an
 * audience they refuse to start and say what to set; with them (the positive control) they start.
 */
class ProductionStartTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();

    @ParameterizedTest
    @ValueSource(strings = {"inference-service", "trainer-service"})
    void aServiceWithoutProductionJwtSettingsRefusesToStartAndNamesWhatToSet(String service, @TempDir Path dir) throws Exception {
        Process process = start(service, List.of(), dir.resolve("refused.log"));
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("%s exits", service).isTrue();
        String log = Files.readString(dir.resolve("refused.log"));
        assertThat(process.exitValue()).isNotZero();
        assertThat(log).contains("JWT verification is not configured for production").contains("VISIONSTREAM_JWT_PUBLIC_KEY")
                .contains("VISIONSTREAM_JWT_ISSUER").contains("VISIONSTREAM_JWT_AUDIENCE");

        Process withDevelopmentIssuer = start(service, List.of("-Dmp.jwt.verify.publickey.location=" + publicKey(dir),
                "-Dmp.jwt.verify.issuer=" + DevJwt.ISSUER, "-Dmp.jwt.verify.audiences=visionstream"), dir.resolve("development.log"));
        assertThat(withDevelopmentIssuer.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("development.log"))).contains("the issuer is the development one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference-service", "trainer-service"})
    void positiveControlWithProductionSettingsTheServiceStarts(String service, @TempDir Path dir) throws Exception {
        int port = freePort();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Process process = start(service, List.of("-Dkafka.bootstrap.servers=" + broker.bootstrapServers(), "-Dquarkus.http.port=" + port, "-Dmp.jwt.verify.publickey.location=" + publicKey(dir),
                "-Dmp.jwt.verify.issuer=https://idp.example.com/realms/visionstream", "-Dmp.jwt.verify.audiences=visionstream",
                "-Dvisionstream.inference.registry-root=" + dir.resolve("registry"), "-Dvisionstream.trainer.registry-root=" + dir.resolve("registry"),
                    "-Dvisionstream.trainer.runs-root=" + dir.resolve("runs")), dir.resolve("started.log"));
            try {
                assertThat(awaitLive(port, process)).as("%s live; its log:%n%s", service, Files.readString(dir.resolve("started.log"))).isTrue();
            } finally {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Process start(String service, List<String> properties, Path log) throws IOException {
        Path jar = ROOT.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("built by the reactor before this module").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-Dquarkus.http.host=127.0.0.1", "-Dkafka.bootstrap.servers=127.0.0.1:9", "-Dai.djl.offline=true"));
        command.addAll(properties); // later -D settings win
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("VISIONSTREAM_JWT_") || name.equals("QUARKUS_PROFILE"));
        return builder.start();
    }

    private static Path publicKey(Path dir) throws IOException {
        Path key = dir.resolve("public-key.pem");
        if (!Files.exists(key)) {
            Files.writeString(key, DevJwt.generate().publicKeyPem());
        }
        return key;
    }

    private static boolean awaitLive(int port, Process process) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
