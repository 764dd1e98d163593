package io.netfence.admin.traffic;

import io.netfence.admin.paging.Page;
import io.netfence.admin.paging.PageRequest;
import org.springframework.stereotype.Service;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The observed flows filtered, and grouped by workload or namespace, for the Traffic page and the API. */
@Service
public class TrafficService {

    /** One view of the Traffic page. */
    public record TrafficView(FlowReadout readout, TrafficFilters filters, Page<TrafficRow> rows, TrafficGraph graph,
                              long allowed, long denied, List<String> namespaces) {
    }

    private final FlowSource source;

    public TrafficService(FlowSource source) {
        this.source = source;
    }

    public FlowReadout read() {
        return source.read();
    }

    /** The matching flows, sorted by {@link ObservedFlow#sortKey()}. */
    public List<ObservedFlow> flows(FlowReadout readout, TrafficFilters filters) {
        return readout.flows().stream().filter(f -> filters.matches(f, readout.readAt()))
                .sorted(Comparator.comparing(ObservedFlow::sortKey)).toList();
    }

    public Page<ObservedFlow> flowPage(TrafficFilters filters, PageRequest page) {
        return page.page(flows(read(), filters), ObservedFlow::sortKey);
    }

    public TrafficView view(TrafficFilters filters, PageRequest page) {
        FlowReadout readout = read();
        List<ObservedFlow> flows = flows(readout, filters);
        List<TrafficRow> rows = rows(flows, filters.byNamespace());
        long allowed = flows.stream().filter(f -> !f.denied()).mapToLong(ObservedFlow::count).sum();
        long denied = flows.stream().filter(ObservedFlow::denied).mapToLong(ObservedFlow::count).sum();
        List<String> namespaces = readout.flows().stream()
                .flatMap(f -> java.util.stream.Stream.of(f.source().namespace(), f.destination().namespace()))
                .filter(java.util.Objects::nonNull).distinct().sorted().toList();
        return new TrafficView(readout, filters, page.page(rows, TrafficRow::key), TrafficGraph.of(rows), allowed, denied, namespaces);
    }

    static List<TrafficRow> rows(List<ObservedFlow> flows, boolean byNamespace) {
        Map<String, TrafficRow> rows = new LinkedHashMap<>();
        for (ObservedFlow f : flows) {
            String from = byNamespace ? f.source().namespaceLabel() : f.source().workloadLabel();
            String to = byNamespace ? f.destination().namespaceLabel() : f.destination().workloadLabel();
            TrafficRow one = new TrafficRow(from, to, f.port(), f.protocol(), f.denied() ? 0 : f.count(), f.denied() ? f.count() : 0,
                    1, f.lastSeen());
            rows.merge(one.key(), one, (a, b) -> new TrafficRow(a.from(), a.to(), a.port(), a.protocol(), a.allowed() + b.allowed(),
                    a.denied() + b.denied(), a.flows() + b.flows(), a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen()));
        }
        return rows.values().stream().sorted(Comparator.comparing(TrafficRow::key)).toList();
    }

}
