package io.visionstream.demo;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** What a person watching the demo reads: numbered phases, timestamped steps, and tables. */
final class Console {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final long startNanos = System.nanoTime();

    void phase(int number, String title) {
        System.out.printf("%n=== %d. %s  (t+%ds)%n", number, title, elapsedSeconds());
        System.out.flush();
    }

    void step(String format, Object... args) {
        System.out.printf("[%s] %s%n", LocalTime.now().format(CLOCK), String.format(format, args));
        System.out.flush();
    }

    void line(String format, Object... args) {
        System.out.printf("    " + format + "%n", args);
        System.out.flush();
    }

    long elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }
}
