package io.netfence.agent.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Raw benchmark samples, one CSV row each ({@code suite,pods,policies,case,metric,unit,run,value}), appended to
 * {@code -Dnetfence.bench.out} (default {@code target/bench/samples.csv}); {@link BenchReport} summarises them.
 */
public final class BenchResults {

    static final String HEADER = "suite,pods,policies,case,metric,unit,run,value";

    private final Path file;

    public BenchResults() {
        this.file = Path.of(System.getProperty("netfence.bench.out", "target/bench/samples.csv"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, HEADER + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void add(String suite, int pods, int policies, String kase, String metric, String unit, int run, double value) {
        String row = String.join(",", suite, String.valueOf(pods), String.valueOf(policies), kase, metric, unit,
                String.valueOf(run), String.valueOf(value)) + "\n";
        try {
            Files.writeString(file, row, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
