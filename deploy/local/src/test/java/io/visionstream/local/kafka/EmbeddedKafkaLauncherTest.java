package io.visionstream.local.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher as a person uses it: a separate process, plain kafka-clients, then SIGTERM. */
class EmbeddedKafkaLauncherTest {

    private static final Pattern DATA_DIR = Pattern.compile("data in (\\S+)");

    @TempDir
    Path tmp;

    @Test
    void launchesABrokerPlainClientsCanUseAndStopsCleanlyOnSigterm() throws Exception {
        Path bootstrapFile = tmp.resolve("bootstrap.txt");
        Path log = tmp.resolve("launcher.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedKafkaLauncher.class.getName(),
                "--bootstrap-file", bootstrapFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String bootstrap = awaitReadyLine(process, log);
            assertThat(Files.readString(bootstrapFile).trim()).isEqualTo(bootstrap);

            String key = "img-1";
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer())) {
                RecordMetadata sent = producer.send(new ProducerRecord<>("images", key, "hello")).get(30, TimeUnit.SECONDS);
                assertThat(sent.topic()).isEqualTo("images");
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "launcher-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("images"));
                ConsumerRecord<String, String> received = pollOne(consumer);
                assertThat(received.key()).isEqualTo(key);
                assertThat(received.value()).isEqualTo("hello");
            }

            Path dataDir = dataDir(Files.readAllLines(log));
            assertThat(dataDir).exists();
            process.destroy(); // SIGTERM

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s").isTrue();
            List<String> output = Files.readAllLines(log);
            assertThat(process.exitValue()).as("exit status, output: %s", output).isZero();
            assertThat(output).contains("embedded Kafka stopped");
            assertThat(dataDir).doesNotExist();
        } finally {
            process.destroyForcibly();
        }
    }

    private static String awaitReadyLine(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith(EmbeddedKafkaLauncher.READY_PREFIX)) {
                    return line.substring(EmbeddedKafkaLauncher.READY_PREFIX.length());
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("launcher exited with " + process.exitValue() + " before it was ready: " + Files.readAllLines(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("launcher not ready within 90 s: " + Files.readAllLines(log));
    }

    private static Path dataDir(List<String> output) {
        for (String line : output) {
            Matcher m = DATA_DIR.matcher(line);
            if (m.find()) {
                return Path.of(m.group(1));
            }
        }
        throw new AssertionError("no data directory in " + output);
    }

    private static ConsumerRecord<String, String> pollOne(KafkaConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                return record;
            }
        }
        throw new AssertionError("no record received within 30 s");
    }
}
