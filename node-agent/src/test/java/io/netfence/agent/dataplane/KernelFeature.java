package io.netfence.agent.dataplane;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A kernel or runtime capability a dataplane test depends on, with the probe that checks it. */
public enum KernelFeature {

    /** {@code ip netns} works. */
    NETNS {
        @Override
        Optional<String> missing() {
            Shell.Result r = Shell.run(List.of("ip", "netns", "list"), null);
            return r.ok() ? Optional.empty() : Optional.of("ip netns list failed: " + r.stderr().strip());
        }
    },
    /** Bridged frames go through iptables (br_netfilter); loading the module is the only host change we make. */
    BR_NETFILTER {
        @Override
        Optional<String> missing() {
            if (!Files.isDirectory(Path.of("/proc/sys/net/bridge"))) {
                Shell.run(List.of("modprobe", "br_netfilter"), null);
            }
            return Files.isDirectory(Path.of("/proc/sys/net/bridge")) ? Optional.empty()
                    : Optional.of("br_netfilter is not loaded and modprobe br_netfilter failed");
        }
    },
    /** The kernel has IPv6. */
    IPV6 {
        @Override
        Optional<String> missing() {
            return Files.exists(Path.of("/proc/net/if_inet6")) ? Optional.empty() : Optional.of("kernel without IPv6");
        }
    },
    /**
     * The iptables-legacy backend works in a network namespace (the ip_tables kernel modules load): tried in a
     * throw-away namespace, so the host's tables are not touched.
     */
    IPTABLES_LEGACY {
        @Override
        Optional<String> missing() {
            String ns = "nfprobe" + ProcessHandle.current().pid();
            Shell.Result add = Shell.run(List.of("ip", "netns", "add", ns), null);
            if (!add.ok()) {
                return Optional.of("ip netns add failed: " + add.stderr().strip());
            }
            try {
                Shell.Result r = Shell.run(List.of("ip", "netns", "exec", ns, "iptables-legacy", "-w", "-S"), null);
                return r.ok() ? Optional.empty()
                        : Optional.of("iptables-legacy does not work (ip_tables module?): " + r.stderr().strip());
            } finally {
                Shell.run(List.of("ip", "netns", "del", ns), null);
            }
        }
    },
    /** Threads of this JVM can enter a network namespace (setns through JNA). */
    SETNS {
        @Override
        Optional<String> missing() {
            try {
                NamespaceThread.libc();
                return Optional.empty();
            } catch (Throwable e) {
                return Optional.of("setns via JNA unavailable: " + e);
            }
        }
    };

    abstract Optional<String> missing();
}
