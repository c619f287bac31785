package io.visionstream.local.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service run as its own process (as in production: its own JVM, its own memory), started from its Quarkus
 * fast-jar with system properties, watched through its health endpoint and {@code /proc/<pid>/status}. Used by the
 * benchmarks, the demo and the reliability suite, which also kill it hard ({@link #kill()}) to prove nothing is lost.
 */
public final class ServiceProcess implements AutoCloseable {

    /** USER_HZ of Linux /proc accounting (100 on every mainstream kernel configuration). */
    private static final int CLOCK_TICKS_PER_SECOND = 100;
    private static final String PROFILE = "quarkus.profile";
    private static final String LOCAL_PROFILE = "local";
    private static final String LOOPBACK = "127.0.0.1";

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code jar} on a free HTTP port of 127.0.0.1, output to {@code log}, in the {@code local} profile (plus any
     * {@code quarkus.profile} in {@code properties}): the profile in which the services accept the development JWT
     * issuer whose throw-away tokens the local tools mint.
     */
    public static ServiceProcess start(Path jar, List<String> jvmOptions, Map<String, String> properties, Path log) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build first (mvn -B -ntp -q install -DskipTests)");
        }
        int port = freePort();
        // a port of its own for the gRPC server too, so that several replicas run side by side on one host
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=" + LOOPBACK, "-Dquarkus.grpc.server.port=" + freePort()));
        command.addAll(jvmOptions);
        String extraProfile = properties.get(PROFILE);
        command.add("-D" + PROFILE + "=" + LOCAL_PROFILE + (extraProfile == null ? "" : "," + extraProfile));
        properties.forEach((k, v) -> {
            if (!k.equals(PROFILE)) {
                command.add("-D" + k + "=" + v);
            }
        });
        command.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServiceProcess(process, port, log);
    }

    /** Waits until {@code /q/health/<check>} answers 200. */
    public void awaitHealth(String check, Duration timeout) throws IOException, InterruptedException {
        awaitOk("/q/health/" + check, check, timeout);
    }

    /** Waits until {@code GET path} answers 200 (e.g. an Open Inference Protocol model's {@code /ready}); {@code what} names it. */
    public void awaitOk(String path, String what, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + port + path)).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service was not " + what + " within " + timeout + "; see " + log);
    }

    /** Sends a request to the service; returns the status code and body. */
    public HttpResponse<String> call(String method, String path, String bearerToken, String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + port + path)).timeout(Duration.ofSeconds(60))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Resident set size now and at its peak, in MiB, from /proc (Linux). */
    public double[] rssMiB() throws IOException {
        double now = Double.NaN;
        double peak = Double.NaN;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                now = kib(line) / 1024.0;
            } else if (line.startsWith("VmHWM:")) {
                peak = kib(line) / 1024.0;
            }
        }
        return new double[] {now, peak};
    }

    /** CPU time (user + system) the service has used so far, in seconds, from /proc (Linux). */
    public double cpuSeconds() throws IOException {
        return cpuSeconds(Path.of("/proc", Long.toString(process.pid()), "stat"));
    }

    /**
     * CPU time (user + system) in seconds from a {@code /proc} stat file: a process's ({@code /proc/PID/stat}) or one of
     * its threads' ({@code /proc/PID/task/TID/stat}).
     */
    public static double cpuSeconds(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** Lines of this service's log that report an {@code OutOfMemoryError}, so far. */
    public long outOfMemoryErrors() throws IOException {
        return outOfMemoryErrors(log);
    }

    /** Lines of a service log that report an {@code OutOfMemoryError}; 0 when there is no such log (yet). */
    public static long outOfMemoryErrors(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains("OutOfMemoryError")).count();
        }
    }

    /** The HTTP port the service listens on. */
    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to drain, commit or close anything (a crash, an OOM kill). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then waits up to 30 s for a graceful exit (drain, commit) before killing; returns the exit status. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static long kib(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }

    /** A port free on the loopback interface right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
