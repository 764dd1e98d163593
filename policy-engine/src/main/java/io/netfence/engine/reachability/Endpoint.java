package io.netfence.engine.reachability;

import com.google.common.net.InetAddresses;
import io.netfence.engine.model.PodInfo;

import java.util.Objects;

/**
 * One end of a connection: a pod of the snapshot (by one of its IPs), or a bare IP address. A bare IP that
 * is one of a node's own addresses carries that node's name in {@code hostNode}; so does a hostNetwork pod,
 * which shares its node's network namespace and therefore sends with the node's address.
 *
 * @param pod      the pod, or {@code null} for a bare address
 * @param ip       the address this endpoint sends from / is reached at (the IP family of the connection)
 * @param hostNode the node whose own network namespace this endpoint lives in, or {@code null}
 */
public record Endpoint(PodInfo pod, String ip, String hostNode) {

    public Endpoint {
        Objects.requireNonNull(ip, "ip");
        if (!InetAddresses.isInetAddress(ip)) {
            throw new IllegalArgumentException("endpoint ip: \"" + ip + "\" is not an IPv4 or IPv6 address");
        }
        ip = InetAddresses.toAddrString(InetAddresses.forString(ip));
    }

    /**
     * A pod reached at its first IP. A hostNetwork pod is marked as living in its node's network namespace.
     *
     * @throws IllegalArgumentException if the pod has no IP (it can neither send nor receive yet)
     */
    public static Endpoint pod(PodInfo pod) {
        if (pod.ips().isEmpty()) {
            throw new IllegalArgumentException("pod " + pod.key() + " has no IP yet: it can neither send nor receive");
        }
        return pod(pod, pod.ips().get(0));
    }

    /** A pod reached at a given one of its IPs (e.g. the IPv6 one of a dual-stack pod). */
    public static Endpoint pod(PodInfo pod, String ip) {
        return new Endpoint(pod, ip, pod.hostNetwork() ? pod.nodeName() : null);
    }

    /** An address outside the cluster's pods and nodes (judged by ipBlock peers only). */
    public static Endpoint ip(String ip) {
        return new Endpoint(null, ip, null);
    }

    /** One of a node's own addresses (kubelet probes come from here). */
    public static Endpoint nodeAddress(String nodeName, String ip) {
        return new Endpoint(null, ip, Objects.requireNonNull(nodeName, "nodeName"));
    }

    public boolean isPod() {
        return pod != null;
    }

    /** Short label: {@code ns/pod}, {@code node/10.0.0.1} or the bare IP. */
    public String label() {
        if (pod != null) {
            return pod.key();
        }
        return hostNode != null ? "node " + hostNode + " (" + ip + ")" : ip;
    }

    /** Label with the address, e.g. {@code x/a (10.1.0.5)}. */
    public String describe() {
        if (pod != null) {
            return pod.key() + " (" + ip + (pod.hostNetwork() ? ", hostNetwork on " + pod.nodeName() : "") + ")";
        }
        return label();
    }
}
