package io.netfence.agent.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Samples an agent process's RSS while it reads its initial list and, each time the RSS reaches a new high, what the
 * JVM holds at that moment (heap generations from {@code GC.heap_info}, which does not collect, and the Native Memory
 * Tracking totals when NMT is on): where the peak of "from the first list on" comes from.
 */
final class PeakMemorySampler implements AutoCloseable {

    private final long pid;
    private final boolean nmt;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile long peakKb;
    private volatile String atPeak = "";
    private final long started = System.nanoTime();

    PeakMemorySampler(long pid, boolean nmt) {
        this.pid = pid;
        this.nmt = nmt;
        this.thread = new Thread(this::run, "peak-memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running.get()) {
            try {
                long kb = AgentProcess.rssKb(pid);
                // a new high by at least 2 MB: read the JVM's view (jcmd attaches, so not at every sample)
                if (kb > peakKb + 2048) {
                    String heap = AgentProcess.jcmd(pid, "GC.heap_info").lines().map(String::strip)
                            .filter(l -> l.startsWith("def new") || l.startsWith("tenured") || l.startsWith("Metaspace")
                                    || l.startsWith("class space") || l.startsWith("garbage-first"))
                            .map(l -> l.replaceAll("\\s+", " ").replaceAll("\\[0x.*", "")).toList().toString();
                    String native_ = nmt ? totals(AgentProcess.jcmd(pid, "VM.native_memory summary")) : "";
                    long after = AgentProcess.rssKb(pid);
                    peakKb = Math.max(kb, after);
                    atPeak = "RSS " + kb / 1024 + " MB " + (System.nanoTime() - started) / 1_000_000 + " ms after start: heap " + heap + (nmt ? " NMT " + native_ : "");
                } else {
                    peakKb = Math.max(peakKb, kb);
                }
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the process is starting or gone
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static String totals(String nmt) {
        List<String> l = nmt.lines().filter(s -> s.matches("^(Total|-\\s+(Java Heap|Class|Thread|Code|GC|Internal|Other|Metaspace|Arena Chunk|Symbol|Compiler|Shared class space|Arguments|Module|Synchronizer|Safepoint|Serviceability|Metaspace|String Deduplication|Native Memory Tracking|Object Monitors|Tracing|Logging|Unknown)).*"))
                .map(s -> s.replaceAll("\\s+", " ").replaceAll("\\(reserved=\\d+KB, ", "(")).toList();
        return l.toString();
    }

    /** The highest RSS sampled and what the JVM held when it was reached. */
    String report() {
        return "peak sampled " + peakKb / 1024 + " MB; at the last new high: " + atPeak;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.interrupt();
        thread.join(2000);
    }
}
