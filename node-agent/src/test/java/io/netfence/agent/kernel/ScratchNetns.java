package io.netfence.agent.kernel;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throw-away network namespace ({@code nf<4 hex>agt<n>}) for kernel tests of the agent: iptables and ipset
 * commands run inside it via {@code ip netns exec}, never in the host namespace. Deleted on close and, as a
 * safety net, by a JVM shutdown hook.
 */
public final class ScratchNetns implements AutoCloseable {

    private static final String RUN = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()).substring(0, 4);
    private static int counter;

    private final String name;
    private final Thread hook;

    private ScratchNetns(String name) {
        this.name = name;
        this.hook = new Thread(this::delete);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Creates a namespace; skips the test loudly without root, fails under CI=true. */
    public static synchronized ScratchNetns create() {
        requireRoot();
        ScratchNetns ns = new ScratchNetns("nf" + RUN + "agt" + (counter++));
        ns.exec("ip", "netns", "add", ns.name);
        ns.exec("ip", "netns", "exec", ns.name, "ip", "link", "set", "lo", "up");
        return ns;
    }

    public static void requireRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            String msg = "!!! SKIPPING kernel test: needs root (network namespaces, iptables, ipset) !!!";
            System.err.println(msg);
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(msg + " — under CI=true this is a failure");
            }
            Assumptions.abort(msg);
        }
    }

    public String name() {
        return name;
    }

    /** Prefix binding commands to this namespace. */
    public List<String> prefix() {
        return List.of("ip", "netns", "exec", name);
    }

    public ProcessCommandRunner runner() {
        return new ProcessCommandRunner(prefix());
    }

    /** Runs a command inside the namespace and returns stdout; fails on a non-zero exit. */
    public String sh(String script) {
        return runner().check(List.of("sh", "-c", script), null);
    }

    private void exec(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + ": " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void delete() {
        try {
            new ProcessBuilder("ip", "netns", "del", name).redirectErrorStream(true).start().waitFor();
        } catch (IOException | InterruptedException e) {
            // best effort
        }
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // JVM already shutting down
        }
    }
}
