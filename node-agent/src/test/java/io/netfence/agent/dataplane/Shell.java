package io.netfence.agent.dataplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs host commands for the harness (always {@code ip netns ...} or commands inside our namespaces). */
public final class Shell {

    /** Exit code, stdout and stderr of one command. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private static final long TIMEOUT_SECONDS = 60;
    // not the common pool: it has a single thread on a 2-core machine, and both pipes must drain at once
    private static final ExecutorService DRAINERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shell-drain");
        t.setDaemon(true);
        return t;
    });

    private Shell() {
    }

    public static Result run(List<String> argv, String stdin) {
        try {
            Process p = new ProcessBuilder(argv).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out.getNow(""), "timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", argv));
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            return new Result(-1, "", String.join(" ", argv) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted: " + String.join(" ", argv));
        }
    }

    /** Runs the command and returns stdout; throws with the command's stderr when it fails. */
    public static String check(List<String> argv, String stdin) {
        Result r = run(argv, stdin);
        if (!r.ok()) {
            throw new IllegalStateException("command failed (exit " + r.exitCode() + "): " + String.join(" ", argv)
                    + "\n" + r.stderr() + r.stdout());
        }
        return r.stdout();
    }

    /** {@code sh -ec SCRIPT} on the host; the script itself must confine its effects to our namespaces. */
    public static String script(String script) {
        return check(List.of("sh", "-ec", script), null);
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, DRAINERS);
    }
}
