package io.netfence.agent.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** scripts/bench's last step: {@link BenchReport} over the samples (-Dnetfence.bench.out) into -Dnetfence.bench.report. */
@EnabledIfSystemProperty(named = "netfence.bench.report", matches = ".+")
class BenchReportRun {

    @Test
    void writeTablesAndPlots() throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path out = Path.of(System.getProperty("netfence.bench.report"));
        BenchReport.main(new String[]{System.getProperty("netfence.bench.out", "target/bench/samples.csv"), out.toString(),
                System.getProperty("netfence.bench.machine", "")});
        assertThat(out.resolve("results.md")).exists();
        assertThat(Files.readString(out.resolve("results.csv")).lines().count()).isGreaterThan(1);
    }
}
