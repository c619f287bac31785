package io.visionstream.local.process;

import io.visionstream.local.kafka.EmbeddedKafkaLauncher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded Kafka broker as its own process ({@link EmbeddedKafkaLauncher}), on a fixed port with its log in a
 * fixed directory, so it can be stopped and started again with its data - a broker restart as clients see it. It ignores
 * SIGINT: on Ctrl-C the services (same process group) stop first and drain into it; {@link #stop()} ends it last.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final int port;
    private final Path dataDir;
    private final Path log;
    /** What the launcher is told besides port, data and files: the topics to create, or the node's place in a cluster. */
    private final List<String> role;
    private Process process;

    private BrokerProcess(int port, Path dataDir, Path log, List<String> role) {
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
        this.role = List.copyOf(role);
    }

    /** Starts a broker on a free port with the contract topics ({@code partitions} each for the streams). */
    public static BrokerProcess start(Path dataDir, Path log, int partitions) throws IOException, InterruptedException {
        BrokerProcess broker = new BrokerProcess(ServiceProcess.freePort(), dataDir, log, List.of("--partitions", Integer.toString(partitions)));
        broker.launch();
        broker.awaitStarted();
        return broker;
    }

    /**
     * Launches one node of a cluster without waiting for it (a node is ready only once a majority of the quorum runs);
     * {@link #awaitStarted()} waits.
     */
    static BrokerProcess launchNode(Path dataDir, Path log, int port, int nodeId, String controllers, String clusterId) throws IOException {
        BrokerProcess node = new BrokerProcess(port, dataDir, log, List.of("--no-topics", "--node-id", Integer.toString(nodeId),
                "--controllers", controllers, "--cluster-id", clusterId));
        node.launch();
        return node;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker gracefully (SIGTERM) and starts it again on the same port with the same data. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
        awaitStarted();
    }

    /** SIGKILL: the broker dies at once, as on a power loss; the data directory stays. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** SIGTERM without waiting: a cluster asks all its nodes at once, so none waits on a quorum already gone. */
    void signalStop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** SIGTERM and wait; the data directory stays. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private Path bootstrapFile() {
        return dataDir.resolve("bootstrap.txt");
    }

    private void launch() throws IOException {
        Path bootstrapFile = bootstrapFile();
        Files.createDirectories(dataDir);
        Files.deleteIfExists(bootstrapFile);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), EmbeddedKafkaLauncher.class.getName(),
                "--port", Integer.toString(port), "--data-dir", dataDir.resolve("kafka").toString(),
                "--bootstrap-file", bootstrapFile.toString(), "--ignore-sigint"));
        command.addAll(role);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits until the launcher reports the broker up (its bootstrap file written). */
    void awaitStarted() throws IOException, InterruptedException {
        Path bootstrapFile = bootstrapFile();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(bootstrapFile) || Files.size(bootstrapFile) == 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the Kafka broker did not start within " + START_TIMEOUT + "; see " + log);
            }
            Thread.sleep(100);
        }
    }
}
