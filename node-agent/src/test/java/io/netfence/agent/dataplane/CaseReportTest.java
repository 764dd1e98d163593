package io.netfence.agent.dataplane;

import io.netfence.agent.dataplane.KernelCaseRunner.Cell;
import io.netfence.agent.dataplane.Prober.Outcome;
import io.netfence.agent.dataplane.Prober.Probe;
import io.netfence.agent.dataplane.Prober.Result;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.model.Protocol;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CaseReportTest {

    private static Cell cell(String from, String to, boolean engine, Outcome kernel) {
        Probe p = new Probe(from, null, to, "10.244.1.10", 80, Protocol.TCP);
        return new Cell(from, to, IpFamily.IPV4, new PodServers.Port(80, Protocol.TCP), engine,
                new Result(p, kernel, kernel == Outcome.REFUSED ? "Connection refused" : "", 3), "DENIED " + from + " → " + to);
    }

    @Test
    void agreeingCellsProduceNoMessage() {
        CaseReport r = new CaseReport("ok", List.of(cell("x/a", "x/b", true, Outcome.CONNECTED),
                cell("x/b", "x/a", false, Outcome.REFUSED)), Map.of(), 1, 1);
        assertThat(r.agrees()).isTrue();
        assertThat(r.describeMismatches()).isEmpty();
    }

    @Test
    void differingCellsAreShownInAFromByToTableWithBothSides() {
        CaseReport r = new CaseReport("deny-all", List.of(
                cell("x/a", "x/a", true, Outcome.CONNECTED), cell("x/a", "x/b", false, Outcome.CONNECTED),
                cell("x/b", "x/a", true, Outcome.REFUSED), cell("x/b", "x/b", false, Outcome.TIMEOUT)), Map.of(), 1, 1);

        String text = r.describeMismatches();

        assertThat(r.mismatches()).hasSize(2);
        assertThat(text).contains("case \"deny-all\": 2 of 4 cells differ", "IPV4 80/TCP")
                .contains("x/a     .    K", "x/b     E    x")
                .contains("x/a -> x/b 80/TCP IPV4: engine DENIES, kernel CONNECTED")
                .contains("x/b -> x/a 80/TCP IPV4: engine ALLOWS, kernel REFUSED (Connection refused)")
                .contains("DENIED x/a → x/b");
    }
}
