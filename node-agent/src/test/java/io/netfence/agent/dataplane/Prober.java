package io.netfence.agent.dataplane;

import io.netfence.engine.model.Protocol;

import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real connections from inside namespaces, many in parallel with bounded timeouts: TCP connect (1 s; a REJECT
 * with tcp-reset fails at once) and UDP send-and-wait-for-echo (3 tries within ~1 s; a REJECT's ICMP port
 * unreachable fails at once).
 */
public final class Prober implements AutoCloseable {

    static final int TIMEOUT_MS = 1000;
    private static final int UDP_TRIES = 3;

    /** How a probe ended; only {@link #CONNECTED} means the traffic was delivered. */
    public enum Outcome {
        CONNECTED, REFUSED, TIMEOUT, UNREACHABLE, ERROR;

        public boolean delivered() {
            return this == CONNECTED;
        }
    }

    /** One connection attempt from a namespace ({@code from} names it in reports) to {@code ip:port/protocol}. */
    public record Probe(String from, NamespaceThread source, String to, String ip, int port, Protocol protocol) {
        @Override
        public String toString() {
            return from + " -> " + to + " (" + ip + ") " + port + "/" + protocol;
        }
    }

    public record Result(Probe probe, Outcome outcome, String detail, long millis) {
        public boolean delivered() {
            return outcome.delivered();
        }
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(128, r -> {
        Thread t = new Thread(r, "prober");
        t.setDaemon(true);
        return t;
    });

    /** Runs all probes in parallel; results in the order of {@code probes}. */
    public List<Result> run(List<Probe> probes) {
        List<Future<Result>> futures = new ArrayList<>(probes.size());
        for (Probe p : probes) {
            futures.add(pool.submit(() -> probe(p)));
        }
        List<Result> out = new ArrayList<>(probes.size());
        for (Future<Result> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    public Result probe(Probe p) {
        long start = System.nanoTime();
        Outcome outcome;
        String detail = "";
        try {
            outcome = p.protocol() == Protocol.TCP ? tcp(p) : udp(p);
        } catch (ConnectException e) {
            outcome = Outcome.REFUSED;
            detail = e.getMessage();
        } catch (PortUnreachableException e) {
            outcome = Outcome.REFUSED;
            detail = "ICMP port unreachable";
        } catch (SocketTimeoutException e) {
            outcome = Outcome.TIMEOUT;
        } catch (NoRouteToHostException e) {
            outcome = Outcome.UNREACHABLE;
            detail = e.getMessage();
        } catch (IOException | RuntimeException e) {
            outcome = Outcome.ERROR;
            detail = e.toString();
        }
        return new Result(p, outcome, detail, (System.nanoTime() - start) / 1_000_000);
    }

    private static Outcome tcp(Probe p) throws IOException {
        InetAddress dst = InetAddress.getByName(p.ip());
        try (SocketChannel ch = p.source().call(() -> SocketChannel.open(family(dst)))) {
            ch.socket().connect(new InetSocketAddress(dst, p.port()), TIMEOUT_MS);
            return Outcome.CONNECTED;
        }
    }

    private static Outcome udp(Probe p) throws IOException {
        InetAddress dst = InetAddress.getByName(p.ip());
        try (DatagramChannel ch = p.source().call(() -> DatagramChannel.open(family(dst)))) {
            ch.connect(new InetSocketAddress(dst, p.port()));
            DatagramSocket s = ch.socket();
            s.setSoTimeout(TIMEOUT_MS / UDP_TRIES);
            byte[] token = ("nf-probe-" + ThreadLocalRandom.current().nextLong()).getBytes(StandardCharsets.US_ASCII);
            byte[] buf = new byte[256];
            for (int i = 0; i < UDP_TRIES; i++) {
                s.send(new DatagramPacket(token, token.length));
                try {
                    DatagramPacket reply = new DatagramPacket(buf, buf.length);
                    s.receive(reply);
                    String got = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
                    if (got.equals(new String(token, StandardCharsets.US_ASCII))) {
                        return Outcome.CONNECTED;
                    }
                } catch (SocketTimeoutException e) {
                    // try again
                }
            }
            return Outcome.TIMEOUT;
        }
    }

    private static StandardProtocolFamily family(InetAddress a) {
        return a instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
