package io.netfence.agent.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fine-grained memory trace of an agent process while it reads its initial list: every 20 ms the RSS split into
 * anonymous and file-backed memory and the thread count (/proc/PID/status, cheap enough to catch a peak that lasts
 * less than the {@link PeakMemorySampler}'s 250 ms), and at each new high (by 1 MB) the resident size of every mapping
 * (/proc/PID/smaps), so the mappings that grew at the peak can be compared with those after the first sync. NMT, when
 * on, is sampled once a second. Everything goes to a CSV-like file; {@link #report()} gives the peak's composition.
 */
final class MemoryTrace implements AutoCloseable {

    private final long pid;
    private final boolean nmt;
    private final PrintWriter out;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread fast;
    private final Thread slow;
    private final long started = System.nanoTime();
    private volatile long peakKb;
    private volatile String peakLine = "";
    private volatile Map<String, Long> peakMappings = Map.of();
    /** -Dnetfence.bench.memory.trace.histogramAboveMb=N: once the RSS passes N MB, the live heap by class (a full GC). */
    private final long histogramAboveKb = Long.getLong("netfence.bench.memory.trace.histogramAboveMb", 0) * 1024;
    private volatile boolean histogramTaken;

    MemoryTrace(long pid, boolean nmt, Path file) throws IOException {
        this.pid = pid;
        this.nmt = nmt;
        this.out = new PrintWriter(Files.newBufferedWriter(file), true);
        out.println("ms,VmRSS_kB,RssAnon_kB,RssFile_kB,Threads");
        this.fast = new Thread(this::sampleStatus, "memory-trace");
        this.slow = new Thread(this::sampleNmt, "memory-trace-nmt");
        fast.setDaemon(true);
        slow.setDaemon(true);
        fast.start();
        slow.start();
    }

    private long ms() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private void sampleStatus() {
        while (running.get()) {
            try {
                Map<String, Long> s = status(pid);
                long rss = s.getOrDefault("VmRSS", 0L);
                String line = ms() + "," + rss + "," + s.getOrDefault("RssAnon", 0L) + "," + s.getOrDefault("RssFile", 0L)
                        + "," + s.getOrDefault("Threads", 0L);
                synchronized (out) {
                    out.println(line);
                }
                if (histogramAboveKb > 0 && rss > histogramAboveKb && !histogramTaken) {
                    histogramTaken = true;
                    long at = ms();
                    Thread h = new Thread(() -> histogram(at, rss), "memory-trace-histogram");
                    h.setDaemon(true);
                    h.start();
                }
                if (rss > peakKb) {
                    if (rss > peakKb + 1024) {
                        peakMappings = mappings(pid);
                    }
                    peakKb = rss;
                    peakLine = line;
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                sleepQuietly();
            }
        }
    }

    private void histogram(long at, long rssKb) {
        try {
            String h = AgentProcess.jcmd(pid, "GC.class_histogram");
            synchronized (out) {
                out.println("# histogram at " + at + " ms (RSS " + rssKb / 1024 + " MB), done at " + ms() + " ms");
                h.lines().limit(40).forEach(l -> out.println("# histogram " + l));
                h.lines().filter(l -> l.startsWith("Total")).forEach(l -> out.println("# histogram " + l));
            }
        } catch (Exception e) {
            synchronized (out) {
                out.println("# histogram failed: " + e);
            }
        }
    }

    private void sampleNmt() {
        while (running.get() && nmt) {
            try {
                String summary = AgentProcess.jcmd(pid, "VM.native_memory summary");
                long t = ms();
                StringBuilder b = new StringBuilder("nmt," + t);
                summary.lines().filter(l -> l.matches("^(Total:.*|-\\s+\\S.*\\(reserved.*)"))
                        .forEach(l -> b.append(',').append(l.replaceAll("\\(reserved=\\d+KB, ", "(").replaceAll("\\s+", " ").strip()));
                synchronized (out) {
                    out.println(b);
                }
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                sleepQuietly();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, Long> status(long pid) throws IOException {
        Map<String, Long> m = new HashMap<>();
        for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            int colon = l.indexOf(':');
            String v = l.substring(colon + 1).replaceAll("\\D+", "");
            if (colon > 0 && !v.isEmpty() && v.length() < 18) {
                m.put(l.substring(0, colon), Long.parseLong(v));
            }
        }
        return m;
    }

    /** Resident kB by mapping: files by name, anonymous ones by address range and size. */
    static Map<String, Long> mappings(long pid) throws IOException {
        Map<String, Long> byName = new HashMap<>();
        String current = "?";
        for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps"))) {
            String[] f = l.trim().split("\\s+");
            if (f.length >= 5 && f[0].matches("[0-9a-f]+-[0-9a-f]+")) {
                String[] range = f[0].split("-");
                long size = (Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16)) / 1024;
                current = f.length >= 6 ? f[5] : "anon " + f[0] + " " + size + "kB";
            } else if (f[0].equals("Rss:")) {
                byName.merge(current, Long.parseLong(f[1]), Long::sum);
            }
        }
        return byName;
    }

    /** The peak, and the mappings whose resident size differs most between the peak and now (after the sync). */
    String report() throws IOException {
        Map<String, Long> now = mappings(pid);
        Map<String, Long> diff = new HashMap<>();
        peakMappings.forEach((k, v) -> diff.put(k, v - now.getOrDefault(k, 0L)));
        now.forEach((k, v) -> diff.putIfAbsent(k, -v));
        long anonPeak = peakMappings.entrySet().stream().filter(e -> !e.getKey().startsWith("/")).mapToLong(Map.Entry::getValue).sum();
        long anonNow = now.entrySet().stream().filter(e -> !e.getKey().startsWith("/")).mapToLong(Map.Entry::getValue).sum();
        List<String> largest = diff.entrySet().stream().filter(e -> Math.abs(e.getValue()) >= 512)
                .sorted((a, b) -> Long.compare(Math.abs(b.getValue()), Math.abs(a.getValue()))).limit(15)
                .map(e -> e.getKey() + " " + (e.getValue() > 0 ? "+" : "") + e.getValue()).toList();
        String r = "peak (ms,VmRSS,RssAnon,RssFile,Threads) " + peakLine + "; smaps at the peak: anon " + anonPeak / 1024
                + " MB (now " + anonNow / 1024 + "), mappings peak - now (kB): " + largest;
        synchronized (out) {
            out.println("# " + r);
            peakMappings.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(40)
                    .forEach(e -> out.println("# peak mapping " + e.getKey() + " " + e.getValue()));
            now.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(40)
                    .forEach(e -> out.println("# now mapping " + e.getKey() + " " + e.getValue()));
        }
        return r;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        fast.interrupt();
        slow.interrupt();
        fast.join(2000);
        slow.join(5000);
        out.close();
    }
}
