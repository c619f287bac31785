package io.visionstream.trainer.testing;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches how far the heap grows while something runs, to show that it does not hold data of a given size. After a
 * full collection it records the heap in use, then samples it every {@value #SAMPLE_MILLIS} ms from a daemon thread
 * until closed, keeping the peak. Two measures are kept: all of the heap in use, and the part outside eden (old
 * generation, survivors, and the humongous regions where G1 puts large arrays directly). Garbage from streaming (I/O
 * buffers that die young) fills eden until the next young collection and so moves the first measure by up to the eden
 * size; what a reader keeps (a parsed model, a byte array of the file's size) ends up outside eden once a collection
 * has run, which is why the collections during the watch are counted too.
 */
public final class HeapWatch implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 2;

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    private final long usedBefore;
    private final long collectionsBefore;
    private final long retainedBefore;
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakRetained = new AtomicLong();
    private final Thread sampler;
    private volatile boolean watching = true;

    private HeapWatch() {
        System.gc();
        collectionsBefore = collections();
        usedBefore = used(true);
        retainedBefore = used(false);
        peakUsed.set(usedBefore);
        peakRetained.set(retainedBefore);
        sampler = new Thread(this::sample, "heap-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Collects garbage, records the heap in use and starts sampling. */
    public static HeapWatch start() {
        return new HeapWatch();
    }

    /** The most the heap in use grew over its level after the first collection, in bytes, eden included. */
    public long peakGrowth() {
        return peakUsed.get() - usedBefore;
    }

    /** The most the heap outside eden grew, in bytes: what was kept rather than passed through. */
    public long peakRetainedGrowth() {
        return peakRetained.get() - retainedBefore;
    }

    /** How many collections (young or full) ran while watching, not counting the one that started it. */
    public long collectionsWhileWatching() {
        return collections() - collectionsBefore;
    }

    /** Stops sampling, after one last sample. */
    @Override
    public void close() throws InterruptedException {
        watching = false;
        sampler.join();
    }

    @Override
    public String toString() {
        return "peak heap growth " + mib(peakGrowth()) + " (outside eden " + mib(peakRetainedGrowth()) + ", " + collectionsWhileWatching() + " collections)";
    }

    private void sample() {
        while (watching) {
            record();
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
        record();
    }

    private void record() {
        peakUsed.accumulateAndGet(used(true), Math::max);
        peakRetained.accumulateAndGet(used(false), Math::max);
    }

    private long used(boolean withEden) {
        return heapPools.stream().filter(pool -> withEden || !pool.getName().contains("Eden"))
                .mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
