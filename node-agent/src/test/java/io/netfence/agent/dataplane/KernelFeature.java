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
