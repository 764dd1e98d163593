package io.netfence.agent.bench;

import io.netfence.agent.e2e.MockApiServer;
import io.netfence.agent.kernel.ScratchNetns;
import io.netfence.agent.status.StatusPublisher;
import io.netfence.engine.status.NodeFirewallStatus;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The packaged node agent as a child process for the benchmarks, and what they read of it from /proc and jcmd. */
final class AgentProcess {

    private AgentProcess() {
    }

    /**
     * @param jvm JVM flags; {@code ENV:NAME=value} tokens set the agent's environment, {@code JAR:path} runs another build
     */
    static Process start(String jvm, MockApiServer api, ScratchNetns ns, Path jar, Path log, String node) throws IOException {
        return start(jvm, api.url(), ns.name(), jar, log, node, List.of());
    }

    /** The agent against the API server at {@code apiUrl}, applying in network namespace {@code netns}, with more arguments. */
    static Process start(String jvm, String apiUrl, String netns, Path jar, Path log, String node, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        Map<String, String> env = new HashMap<>();
        for (String token : jvm.split(" ")) {
            if (token.startsWith("JAR:")) {
                jar = Path.of(token.substring(4));
            } else if (token.startsWith("ENV:")) {
                String[] kv = token.substring(4).split("=", 2);
                env.put(kv[0], kv[1]);
            } else if (!token.isBlank()) {
                command.add(token);
            }
        }
        System.out.println("[benchmark] agent JVM: " + jvm);
        command.addAll(List.of(
                "-Dkubernetes.master=" + apiUrl,
                "-Dkubernetes.auth.tryKubeConfig=false", "-Dkubernetes.auth.tryServiceAccount=false",
                "-Dkubernetes.namespace=default", "-jar", jar.toString(),
                "--netfence.agent.node-name=" + node, "--netfence.agent.command-prefix=ip,netns,exec," + netns,
                "--netfence.agent.ipv6=false", "--server.port=0"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    static NodeFirewallStatus awaitStatus(StatusPublisher status, Predicate<NodeFirewallStatus> ok, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                NodeFirewallStatus s = status.read();
                if (s != null && ok.test(s)) {
                    return s;
                }
            } catch (RuntimeException e) {
                // not there yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("status did not converge in " + seconds + " s");
    }

    /** VmRSS and VmHWM (peak) lines of /proc/PID/status. */
    static String rss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " ")).toList().toString();
    }

    static long rssKb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS")).map(l -> Long.parseLong(l.replaceAll("\\D+", ""))).findFirst().orElseThrow();
    }

    /** The highest RSS since the process started (VmHWM). */
    static long peakRssKb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(l -> l.startsWith("VmHWM")).map(l -> Long.parseLong(l.replaceAll("\\D+", ""))).findFirst().orElseThrow();
    }

    /** User + system CPU of the process in clock ticks (USER_HZ, 100 per second on Linux). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // the command name (field 2) may hold spaces: count fields after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The live heap: GC.class_histogram runs a full GC first, its total is what survives. */
    static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        return jcmd(pid, "GC.class_histogram").lines().filter(l -> l.startsWith("Total"))
                .map(l -> Long.parseLong(l.trim().split("\\s+")[2])).findFirst().orElseThrow();
    }

    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    /** The agent logs one "sync ..." line per sync that changed or checked the dataplane. */
    static long syncLines(Path log) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" sync ")).count();
        }
    }

    /** The 1, 5 and 15 minute load averages (/proc/loadavg): timings on the shared machine are upper bounds under it. */
    static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
