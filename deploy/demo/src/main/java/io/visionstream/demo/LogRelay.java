package io.visionstream.demo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shows a service's own progress lines (data fetch, batch progress with rate and ETA, evaluation, export, parity,
 * publication) on the demo's console while it waits, by following the service's log file from its current end.
 */
final class LogRelay implements AutoCloseable {

    /** Quarkus's console format: "date time LEVEL [category] (thread) message"; only VisionStream's own categories. */
    private static final Pattern OWN_LINE = Pattern.compile("^\\S+ \\S+ +(INFO|WARN|ERROR) +\\[io\\.vis[^]]*] \\([^)]*\\) (.*)$");

    private final Thread thread;
    private volatile boolean running = true;

    private LogRelay(Path log, String prefix) {
        thread = new Thread(() -> relay(log, prefix), "log-relay-" + prefix);
        thread.setDaemon(true);
    }

    static LogRelay follow(Path log, String prefix) {
        LogRelay relay = new LogRelay(log, prefix);
        relay.thread.start();
        return relay;
    }

    private void relay(Path log, String prefix) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(file.length());
            StringBuilder partial = new StringBuilder();
            byte[] buffer = new byte[8192];
            while (running) {
                int n = file.read(buffer);
                if (n <= 0) {
                    Thread.sleep(200);
                    continue;
                }
                partial.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                int newline;
                while ((newline = partial.indexOf("\n")) >= 0) {
                    show(partial.substring(0, newline), prefix);
                    partial.delete(0, newline + 1);
                }
            }
        } catch (IOException e) {
            System.out.printf("    (%s log not readable: %s)%n", prefix, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void show(String line, String prefix) {
        Matcher own = OWN_LINE.matcher(line);
        if (own.matches()) {
            System.out.printf("    %s | %s%s%n", prefix, own.group(1).equals("INFO") ? "" : own.group(1) + " ", own.group(2));
            System.out.flush();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(1000);
    }
}
