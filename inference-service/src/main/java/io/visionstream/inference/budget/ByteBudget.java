package io.visionstream.inference.budget;

/**
 * Bytes of work in flight, bounded: images are budgeted by what they occupy (the payload as fetched, decoded pixels,
 * the model tensor), not by count, because a 28x28 PNG and a 1080p JPEG for a 224 px model differ a thousandfold.
 * <p>
 * Two kinds of entry. A <em>reservation</em> ({@link #reserve}, {@link #tryReserve}) is new work asking for room: it
 * waits (or is refused) while the budget is full. A <em>charge</em> ({@link #charge}) is memory already taken (a fetched
 * poll batch, the pixels a decoder just produced): it is counted at once, which keeps new reservations waiting until
 * enough is released. A reservation is admitted even over the limit when no other reservation is open, so one
 * image larger than the whole budget is still served, alone, and nothing waits forever. Thread-safe.
 */
public final class ByteBudget {

    private final String name;
    private final long limit;
    private long used;
    private long peak;
    private int openReservations;
    private long waits;

    public ByteBudget(String name, long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the " + name + " byte budget must be >= 1, was " + limit);
        }
        this.name = name;
        this.limit = limit;
    }

    public String name() {
        return name;
    }

    public long limit() {
        return limit;
    }

    public synchronized long used() {
        return used;
    }

    /** The most bytes ever counted at once. */
    public synchronized long peak() {
        return peak;
    }

    /** How many reservations had to wait for room (back-pressure applied). */
    public synchronized long waits() {
        return waits;
    }

    /** Waits until {@code bytes} fit (or nothing else is reserved), then reserves them. */
    public synchronized void reserve(long bytes) throws InterruptedException {
        checkNonNegative(bytes);
        if (!fits(bytes)) {
            waits++;
            while (!fits(bytes)) {
                wait();
            }
        }
        add(bytes);
        openReservations++;
    }

    /** Reserves {@code bytes} if they fit now (or nothing else is reserved); {@code false} when the budget is full. */
    public synchronized boolean tryReserve(long bytes) {
        checkNonNegative(bytes);
        if (!fits(bytes)) {
            waits++;
            return false;
        }
        add(bytes);
        openReservations++;
        return true;
    }

    /** Ends a reservation of {@code bytes}. */
    public synchronized void release(long bytes) {
        checkNonNegative(bytes);
        if (openReservations == 0) {
            throw new IllegalStateException("release of " + bytes + " bytes from the " + name + " budget without a reservation");
        }
        openReservations--;
        subtract(bytes);
    }

    /** Counts memory that is already taken; never waits. */
    public synchronized void charge(long bytes) {
        checkNonNegative(bytes);
        add(bytes);
    }

    /** Stops counting memory counted by {@link #charge}. */
    public synchronized void discharge(long bytes) {
        checkNonNegative(bytes);
        subtract(bytes);
    }

    private boolean fits(long bytes) {
        return used + bytes <= limit || openReservations == 0;
    }

    private void add(long bytes) {
        used += bytes;
        peak = Math.max(peak, used);
    }

    private void subtract(long bytes) {
        if (bytes > used) {
            throw new IllegalStateException("the " + name + " budget would go below zero: " + used + " - " + bytes);
        }
        used -= bytes;
        notifyAll();
    }

    private void checkNonNegative(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("byte counts are >= 0, was " + bytes);
        }
    }

    @Override
    public synchronized String toString() {
        return name + " budget " + used + "/" + limit + " bytes";
    }
}
