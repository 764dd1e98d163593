package io.netfence.agent.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark report: medians and spread per scale, the tables and the plots are written. */
class BenchReportTest {

    @Test
    void summarisesSamplesIntoTablesAndPlots(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path samples = dir.resolve("samples.csv");
        Files.writeString(samples, String.join("\n", List.of(BenchResults.HEADER,
                "apply,1000,100,full,apply,ms,0,10", "apply,1000,100,full,apply,ms,1,30", "apply,1000,100,full,apply,ms,2,20",
                "apply,1000,100,full,apply,ms,3,40", "apply,2000,200,full,apply,ms,0,50",
                "apply,1000,100,size,rules,count,0,700", "apply,2000,200,size,rules,count,0,1400",
                "datapath,200,0,same-node,conn-rate-ratio,x,0,1", "datapath,200,100,same-node,conn-rate-ratio,x,0,0.9",
                "datapath,200,100,same-node,conn-rate-ratio,x,1,0.96", "datapath,200,100,same-node,throughput,Gbit/s,0,9.5")) + "\n");

        BenchReport.main(new String[]{samples.toString(), dir.resolve("out").toString(), "test box"});

        assertThat(Files.readString(dir.resolve("out/results.csv")))
                .contains("apply,1000,100,full,apply,ms,4,25,10,40,40\n", "apply,2000,200,full,apply,ms,1,50,50,50,50\n");
        assertThat(Files.readString(dir.resolve("out/results.md"))).contains("Machine: test box", "| apply | 1,000 | 100 | full | apply | ms | 4 | 25 |");
        assertThat(dir.resolve("out/apply-time.png")).isNotEmptyFile();
        assertThat(dir.resolve("out/apply-size.png")).isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("out/results.csv"))).contains("datapath,200,100,same-node,conn-rate-ratio,x,2,0.93,0.90,0.96,0.96\n");
        assertThat(dir.resolve("out/datapath.png")).isNotEmptyFile();
        assertThat(Files.readAllBytes(dir.resolve("out/apply-time.png"))).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
}
