package io.visionstream.bench;

import io.visionstream.local.process.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time of every thread of another process, read from outside as the kernel accounts it
 * ({@code /proc/<pid>/task/<tid>/stat} utime + stime), so measuring costs the measured process nothing. Thread names
 * come from {@code jcmd <pid> Thread.print} (the JVM's full names, and only Java and JVM threads are listed); a thread
 * the JVM does not list is native - ONNX Runtime's intra-op pool - and keeps its kernel name ({@code comm}, which it
 * inherited from the thread that created the session) marked {@link #NATIVE}.
 */
final class ThreadCpu {

    /** Suffix of the name of a thread the JVM does not know. */
    static final String NATIVE = " [native]";
    private static final Pattern THREAD_LINE = Pattern.compile("^\"(.*)\" .*nid=(0x[0-9a-fA-F]+|\\d+)");

    /** One thread: its name and CPU seconds so far. */
    record ThreadTime(String name, double cpuSeconds) {
    }

    private final Map<Long, ThreadTime> threads;

    private ThreadCpu(Map<Long, ThreadTime> threads) {
        this.threads = threads;
    }

    /** The threads of {@code pid} now. */
    static ThreadCpu of(long pid) throws IOException, InterruptedException {
        Map<Long, String> javaNames = javaThreadNames(pid);
        Map<Long, ThreadTime> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                long tid = Long.parseLong(task.getFileName().toString());
                try {
                    double seconds = ServiceProcess.cpuSeconds(task.resolve("stat"));
                    String name = javaNames.get(tid);
                    if (name == null) {
                        name = Files.readString(task.resolve("comm")).trim() + NATIVE;
                    }
                    threads.put(tid, new ThreadTime(name, seconds));
                } catch (NoSuchFileException exited) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return new ThreadCpu(threads);
    }

    /** CPU seconds each thread used since {@code before} (threads started since count from zero). */
    Map<Long, ThreadTime> since(ThreadCpu before) {
        Map<Long, ThreadTime> used = new HashMap<>();
        threads.forEach((tid, now) -> {
            ThreadTime then = before.threads.get(tid);
            used.put(tid, new ThreadTime(now.name(), now.cpuSeconds() - (then == null ? 0 : then.cpuSeconds())));
        });
        return used;
    }

    /** Native thread id to Java thread name, from a thread dump; empty when the JVM cannot be attached to. */
    private static Map<Long, String> javaThreadNames(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
        Map<Long, String> names = new HashMap<>();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            return names;
        }
        for (String line : lines) {
            Matcher m = THREAD_LINE.matcher(line);
            if (m.find()) {
                String nid = m.group(2);
                names.put(nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid), m.group(1));
            }
        }
        return names;
    }
}
