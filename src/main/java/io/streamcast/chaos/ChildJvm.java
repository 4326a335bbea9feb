package io.streamcast.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of our own commands in a child JVM (same Java, same class path), its output in a log file: a process
 * that can be killed with SIGKILL as a crash would, and started again on the same data.
 */
public final class ChildJvm {
    private final String name;
    private final List<String> args;
    private final Path logs;
    private final String heap;
    private Process process;
    private int starts;
    private long peakRssKb;

    /**
     * @param args the command and its options, as after {@code ./streamcast}
     * @param logs folder of the log files, one per start: {@code <name>-<start>.log}
     * @param heap the child's -Xmx
     */
    public ChildJvm(String name, List<String> args, Path logs, String heap) {
        this.name = name;
        this.args = List.copyOf(args);
        this.logs = logs;
        this.heap = heap;
    }

    public void start() throws IOException {
        starts++;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.streamcast.cli.Main");
        cmd.addAll(args);
        Path log = log();
        Files.createDirectories(logs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hook, no flush, no goodbye to the broker. */
    public void kill() throws InterruptedException {
        sampleRss();
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the command closes what it runs. */
    public void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        sampleRss();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Waits for the process to exit by itself; its exit code, or -1 when it still runs after the timeout. */
    public int waitFor(long timeoutMs) throws InterruptedException {
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public String logText() throws IOException {
        return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Waits until the log says {@code line}; fails when the process exits first or the time runs out. */
    public void awaitLog(String line, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log()) && Files.readString(log(), StandardCharsets.UTF_8).contains(line)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited (code " + process.exitValue() + ") before it said '"
                        + line + "'; see " + log());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not say '" + line + "' within " + timeoutMs / 1000 + " s; see "
                + log());
    }

    /** The resident set's high-water mark of the running incarnation, kept across incarnations (Linux only). */
    void sampleRss() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (l.startsWith("VmHWM:")) {
                    peakRssKb = Math.max(peakRssKb, Long.parseLong(l.replaceAll("\\D", "")));
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // no /proc: the peak stays unknown (0)
        }
    }

    long peakRssMb() {
        return peakRssKb / 1024;
    }

    int starts() {
        return starts;
    }

    public Path log() {
        return logs.resolve(name + "-" + starts + ".log");
    }
}
