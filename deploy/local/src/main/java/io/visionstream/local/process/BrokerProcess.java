package io.visionstream.local.process;

import io.visionstream.local.kafka.EmbeddedKafkaLauncher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    private final int partitions;
    private Process process;

    private BrokerProcess(int port, Path dataDir, Path log, int partitions) {
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
        this.partitions = partitions;
    }

    /** Starts a broker on a free port with the contract topics ({@code partitions} each for the streams). */
    public static BrokerProcess start(Path dataDir, Path log, int partitions) throws IOException, InterruptedException {
        BrokerProcess broker = new BrokerProcess(ServiceProcess.freePort(), dataDir, log, partitions);
        broker.launch();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker gracefully (SIGTERM) and starts it again on the same port with the same data. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
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

    private void launch() throws IOException, InterruptedException {
        Path bootstrapFile = dataDir.resolve("bootstrap.txt");
        Files.createDirectories(dataDir);
        Files.deleteIfExists(bootstrapFile);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), EmbeddedKafkaLauncher.class.getName(),
                "--port", Integer.toString(port), "--data-dir", dataDir.resolve("kafka").toString(),
                "--partitions", Integer.toString(partitions), "--bootstrap-file", bootstrapFile.toString(), "--ignore-sigint");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
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
