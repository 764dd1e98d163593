package io.netfence.agent.dataplane;

import io.netfence.engine.model.Protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Real servers in every pod, all driven by one selector thread of the test JVM: a TCP listener that accepts and
 * closes (a completed handshake is what the probe checks), and a UDP echo server (the reply tells delivered from
 * dropped). Sockets are opened inside the pod's namespace and bound to the wildcard address (IPv4 and IPv6).
 */
public final class PodServers implements AutoCloseable {

    /** A container port: number and protocol. */
    public record Port(int port, Protocol protocol) {
        public Port {
            if (protocol == Protocol.SCTP) {
                throw new IllegalArgumentException("SCTP is not available in this kernel; use TCP or UDP");
            }
        }

        @Override
        public String toString() {
            return port + "/" + protocol;
        }
    }

    private final Selector selector;
    private final Thread loop;
    private final Queue<SelectableChannel> pending = new ConcurrentLinkedQueue<>();
    private final Set<String> listening = new HashSet<>();
    private final Queue<SelectableChannel> opened = new ConcurrentLinkedQueue<>();

    PodServers() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        loop = new Thread(this::serve, "pod-servers");
        loop.setDaemon(true);
        loop.start();
    }

    synchronized void listen(PodNamespace pod, Collection<Port> ports) {
        for (Port port : ports) {
            if (!listening.add(pod.netns() + " " + port)) {
                continue;
            }
            SelectableChannel ch = pod.thread().call(() -> open(port));
            opened.add(ch);
            pending.add(ch);
        }
        selector.wakeup();
        // wait until the loop registered them, so a probe right after this returns finds the server
        while (!pending.isEmpty()) {
            Thread.onSpinWait();
            selector.wakeup();
        }
    }

    private static SelectableChannel open(Port port) throws IOException {
        if (port.protocol() == Protocol.TCP) {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            s.bind(new InetSocketAddress(port.port()), 1024);
            s.configureBlocking(false);
            return s;
        }
        DatagramChannel d = DatagramChannel.open();
        d.bind(new InetSocketAddress(port.port()));
        d.configureBlocking(false);
        return d;
    }

    private void serve() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        try {
            while (selector.isOpen()) {
                SelectableChannel ch;
                while ((ch = pending.peek()) != null) {
                    ch.register(selector, ch instanceof ServerSocketChannel ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ);
                    pending.poll();
                }
                selector.select(500);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.channel() instanceof ServerSocketChannel s) {
                        SocketChannel c;
                        while ((c = s.accept()) != null) {
                            c.close();
                        }
                    } else if (key.channel() instanceof DatagramChannel d) {
                        SocketAddress from;
                        while ((from = receive(d, buf)) != null) {
                            buf.flip();
                            d.send(buf, from);
                            buf.clear();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (ClosedSelectorException e) {
            // closed
        } catch (IOException e) {
            System.err.println("[dataplane harness] pod server loop died: " + e);
        }
    }

    private static SocketAddress receive(DatagramChannel d, ByteBuffer buf) {
        try {
            buf.clear();
            return d.receive(buf);
        } catch (IOException e) {
            return null; // e.g. an ICMP error queued on the socket: nothing to echo
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            // best effort
        }
        for (SelectableChannel ch : opened) {
            try {
                ch.close();
            } catch (IOException e) {
                // best effort
            }
        }
        loop.interrupt();
    }
}
