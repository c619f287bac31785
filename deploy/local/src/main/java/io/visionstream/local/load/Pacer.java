package io.visionstream.local.load;

import java.util.concurrent.TimeUnit;

/**
 * Paces a sequence of sends at a fixed rate measured from its start (the i-th send is due at start + i / rate), so a
 * slow send is caught up rather than shifting every later one. A rate of 0 means as fast as possible.
 */
public final class Pacer {

    private final long startNanos = System.nanoTime();
    private final long intervalNanos;

    public Pacer(double ratePerSecond) {
        this.intervalNanos = ratePerSecond > 0 ? (long) (1e9 / ratePerSecond) : 0;
    }

    /** When pacing began (System.nanoTime). */
    public long startNanos() {
        return startNanos;
    }

    /** Waits until send {@code index} is due. */
    public void awaitTurn(int index) throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long wait = startNanos + index * intervalNanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
