package io.netfence.agent.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands as child processes, each prefixed with {@code prefix} (e.g. {@code ip netns exec NODE}). */
public final class ProcessCommandRunner implements CommandRunner {

    private static final long TIMEOUT_SECONDS = 120;
    private static final java.util.concurrent.ExecutorService DRAINERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "netfence-cmd-output");
        t.setDaemon(true);
        return t;
    });

    private final List<String> prefix;

    public ProcessCommandRunner(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    public List<String> prefix() {
        return prefix;
    }

    @Override
    public CommandResult run(List<String> argv, String stdin) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(argv);
        try {
            Process p = new ProcessBuilder(full).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the command exited before reading all input; its exit code and stderr say why
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new CommandResult(124, "", String.join(" ", full) + " timed out after " + TIMEOUT_SECONDS + " s");
            }
            return new CommandResult(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            return new CommandResult(127, "", "cannot run " + String.join(" ", full) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(130, "", "interrupted: " + String.join(" ", full));
        }
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, DRAINERS);
    }
}
