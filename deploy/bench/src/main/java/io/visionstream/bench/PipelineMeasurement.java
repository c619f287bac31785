package io.visionstream.bench;

import io.visionstream.local.load.LoadGenerator;
import io.visionstream.local.process.ServiceProcess;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;

/**
 * The two measurements of the pipeline, taken from outside the service: a saturated run (images sent as fast as the
 * producer goes; predictions per second, CPU cores busy, CPU per image by stage, heap and RSS peaks) and a paced run
 * (end-to-end latency percentiles at a fixed rate).
 */
final class PipelineMeasurement {

    /** A saturated run's figures; {@code stageMsPerImage} ends with {@code total}. */
    record Saturated(double imagesPerSecond, int images, double serviceCores, double benchCores, Map<String, Double> stageMsPerImage,
                     Map<String, String> threadStages, boolean stageCountersPresent, double peakHeapMiB, double peakRssMiB) {
    }

    /** A paced run's rate and latency percentiles in milliseconds. */
    record Paced(double rate, int images, double p50Ms, double p99Ms) {
    }

    private final ServiceProcess service;
    private final long pid;
    private final LoadGenerator load;

    PipelineMeasurement(ServiceProcess service, LoadGenerator load) {
        this.service = service;
        this.load = load;
        String portOption = "-Dquarkus.http.port=" + service.port();
        this.pid = ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(args -> java.util.List.of(args).contains(portOption)).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no child process runs the service on port " + service.port()))
                .pid();
    }

    Saturated saturated(String keyPrefix, int images, Duration timeout) throws IOException, InterruptedException {
        Map<String, Double> countersBefore = ServiceMetrics.stageCpuSeconds(ServiceMetrics.scrape(service));
        ThreadCpu threadsBefore = ThreadCpu.of(pid);
        double serviceCpuBefore = service.cpuSeconds();
        long benchCpuBefore = benchCpuNanos();
        MemoryPeaks peaks = MemoryPeaks.start(service);
        LoadGenerator.Run run;
        try {
            run = load.run(keyPrefix, images, 0, timeout);
        } finally {
            peaks.close();
        }
        requireComplete(run, images, keyPrefix);
        double seconds = (run.lastReceiveNanos() - run.firstSendNanos()) / 1e9;
        double serviceCores = (service.cpuSeconds() - serviceCpuBefore) / seconds;
        double benchCores = (benchCpuNanos() - benchCpuBefore) / 1e9 / seconds;
        ThreadCpu threadsAfter = ThreadCpu.of(pid);
        Map<String, Double> countersAfter = ServiceMetrics.stageCpuSeconds(ServiceMetrics.scrape(service));
        Map<String, Double> counters = StageCpu.increase(countersBefore, countersAfter);
        return new Saturated(run.throughput(), images, serviceCores, benchCores, StageCpu.msPerImage(threadsBefore, threadsAfter, counters, images),
                StageCpu.stagesOfThreads(threadsBefore, threadsAfter), !countersAfter.isEmpty(), peaks.heapMiB(), peaks.rssMiB());
    }

    Paced paced(String keyPrefix, double rate, int seconds) throws InterruptedException {
        int images = Math.max(1, (int) (rate * seconds));
        LoadGenerator.Run run = load.run(keyPrefix, images, rate, Duration.ofSeconds(seconds + 120L));
        requireComplete(run, images, keyPrefix);
        double[] latency = run.latencyPercentilesMs(50, 99);
        return new Paced(rate, images, latency[0], latency[1]);
    }

    private static void requireComplete(LoadGenerator.Run run, int expected, String phase) {
        if (run.received().size() < expected) {
            throw new IllegalStateException(phase + ": only " + run.received().size() + " of " + expected + " predictions arrived");
        }
    }

    /** CPU time of this JVM (the embedded broker and the load generator). */
    private static long benchCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
