package io.netfence.agent.flows;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads one NFLOG group on a daemon thread and hands each flow observation to a consumer. When the socket cannot be
 * opened or bound (no CAP_NET_ADMIN, the group taken by another listener such as ulogd) it logs why once and stops:
 * flow observation is off, enforcement is not affected.
 */
public final class NflogReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NflogReader.class);
    /** Enough for the IP header (up to 60 bytes for IPv4 with options, 40 for IPv6) and the ports after it. */
    static final int COPY_RANGE = 80;

    private final int group;
    private final String netns;
    private final Consumer<FlowObservation> consumer;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Counter errors;
    private final Counter overruns;
    private volatile boolean listening;
    private Thread thread;

    /**
     * @param netns the network namespace to read in (a path such as /var/run/netns/NODE), or null for the agent's own
     *              (the node's, for a host-network DaemonSet)
     */
    public NflogReader(int group, String netns, Consumer<FlowObservation> consumer, MeterRegistry registry) {
        this.group = group;
        this.netns = netns == null || netns.isBlank() ? null : netns;
        this.consumer = consumer;
        this.errors = Counter.builder("netfence.flows.reader.errors")
                .description("flow reader failures: the socket could not be opened or bound, or a receive failed").register(registry);
        this.overruns = Counter.builder("netfence.flows.reader.overruns")
                .description("receives that reported lost NFLOG messages (socket buffer full, ENOBUFS)").register(registry);
        Gauge.builder("netfence.flows.reader.listening", this, r -> r.listening ? 1 : 0)
                .description("1 while the flow reader is bound to its NFLOG group").register(registry);
    }

    public synchronized void start() {
        if (running.getAndSet(true)) {
            return;
        }
        thread = new Thread(this::run, "netfence-flows-nflog-" + group);
        thread.setDaemon(true);
        thread.start();
    }

    /** True once the group is bound (and until close). */
    public boolean listening() {
        return listening;
    }

    private void run() {
        NflogSocket socket;
        try {
            if (netns != null) {
                NflogSocket.enterNetns(netns);
            }
            socket = NflogSocket.open(4 << 20, 500);
        } catch (IOException | RuntimeException | LinkageError e) {
            fail("cannot open the netlink socket", e);
            return;
        }
        try (socket) {
            bind(socket);
            listening = true;
            log.info("flow observation: reading NFLOG group {}{}", group, netns == null ? "" : " in " + netns);
            byte[] buf = new byte[65536];
            while (running.get()) {
                int n = socket.receive(buf);
                if (n == -NflogSocket.EAGAIN || n == -NflogSocket.EINTR) {
                    continue;
                }
                if (n == -NflogSocket.ENOBUFS) {
                    overruns.increment();
                    continue;
                }
                if (n < 0) {
                    errors.increment();
                    log.warn("flow observation: receive failed: {}", NflogSocket.describe(-n));
                    continue;
                }
                for (NflogCodec.Packet p : NflogCodec.parse(buf, n).packets()) {
                    FlowObservation.of(p).ifPresent(consumer);
                }
            }
        } catch (IOException | RuntimeException e) {
            fail("cannot read NFLOG group " + group, e);
        } finally {
            listening = false;
        }
    }

    /**
     * PF_UNBIND/PF_BIND are no-ops on kernels since 3.17 but required by older ones; BIND fails with EBUSY when another
     * socket holds the group.
     */
    private void bind(NflogSocket socket) throws IOException {
        int seq = 1;
        for (int family : new int[] {NflogCodec.AF_INET, NflogCodec.AF_INET6}) {
            socket.send(NflogCodec.command(seq++, family, 0, NflogCodec.CMD_PF_UNBIND));
            socket.send(NflogCodec.command(seq++, family, 0, NflogCodec.CMD_PF_BIND));
        }
        int first = seq;
        socket.send(NflogCodec.command(seq++, NflogCodec.AF_UNSPEC, group, NflogCodec.CMD_BIND));
        socket.send(NflogCodec.copyPacket(seq++, group, COPY_RANGE));
        // hand packets over in batches of up to 32 or every 100 ms: fewer wake-ups under load, little delay
        socket.send(NflogCodec.batching(seq++, group, 32, 10));
        awaitAcks(socket, first, seq);
    }

    private void awaitAcks(NflogSocket socket, int first, int end) throws IOException {
        byte[] buf = new byte[65536];
        java.util.Set<Integer> pending = new java.util.HashSet<>();
        for (int s = first; s < end; s++) {
            pending.add(s);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no answer from nfnetlink_log to the configuration of group " + group);
            }
            int n = socket.receive(buf);
            if (n < 0) {
                continue;
            }
            NflogCodec.Batch batch = NflogCodec.parse(buf, n);
            for (NflogCodec.Ack ack : batch.acks()) {
                if (ack.error() != 0 && pending.contains(ack.seq())) {
                    throw new IOException("binding NFLOG group " + group + " failed: " + NflogSocket.describe(-ack.error())
                            + (ack.error() == -1 || ack.error() == -16 ? " (another socket, e.g. ulogd or a second agent, holds this group: choose another group)" : ""));
                }
                pending.remove(ack.seq());
            }
            batch.packets().forEach(p -> FlowObservation.of(p).ifPresent(consumer));
        }
    }

    private void fail(String what, Throwable e) {
        errors.increment();
        log.error("flow observation is OFF ({}: {}); the agent keeps enforcing policies", what, e.getMessage());
        running.set(false);
    }

    @Override
    public void close() {
        running.set(false);
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
