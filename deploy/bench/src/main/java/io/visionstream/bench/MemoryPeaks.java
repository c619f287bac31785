package io.visionstream.bench;

import io.visionstream.local.process.ServiceProcess;

/**
 * Samples the service's resident set ({@code /proc}) and heap in use ({@code /q/metrics}) twice a second while a
 * phase runs and keeps the largest of each: the kernel's own peak (VmHWM) covers the whole life of the process, this
 * covers one phase.
 */
final class MemoryPeaks implements AutoCloseable {

    private static final long PERIOD_MILLIS = 500;

    private final ServiceProcess service;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile double rssMiB;
    private volatile double heapMiB;

    private MemoryPeaks(ServiceProcess service) {
        this.service = service;
        this.sampler = new Thread(this::sample, "memory-peaks");
        sampler.setDaemon(true);
    }

    static MemoryPeaks start(ServiceProcess service) {
        MemoryPeaks peaks = new MemoryPeaks(service);
        peaks.sampler.start();
        return peaks;
    }

    double rssMiB() {
        return rssMiB;
    }

    double heapMiB() {
        return heapMiB;
    }

    private void sample() {
        while (running && service.isAlive()) {
            try {
                rssMiB = Math.max(rssMiB, service.rssMiB()[0]);
                heapMiB = Math.max(heapMiB, ServiceMetrics.heapUsedBytes(ServiceMetrics.scrape(service)) / (1024 * 1024));
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (java.io.IOException | RuntimeException e) {
                // one missed sample: the service is busy or just exited
            }
        }
    }

    /** Stops sampling (the last sample is in). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }
}
