package io.visionstream.bench;

/** The benchmark's progress lines, prefixed {@code [bench]} and flushed at once (a run takes minutes). */
final class Log {

    private Log() {
    }

    static void line(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
        System.out.flush();
    }
}
