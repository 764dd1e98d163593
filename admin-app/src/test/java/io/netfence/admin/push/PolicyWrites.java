package io.netfence.admin.push;

import io.netfence.admin.demo.DemoApiServer;

import java.util.List;

/** NetworkPolicy writes the demo API server received since a mark (the demo agents' status writes left out). */
final class PolicyWrites {

    private final DemoApiServer demo;
    private final long mark;

    private PolicyWrites(DemoApiServer demo) {
        this.demo = demo;
        this.mark = demo.writeCount();
    }

    static PolicyWrites from(DemoApiServer demo) {
        return new PolicyWrites(demo);
    }

    List<String> since() {
        return demo.writeRequestsSince(mark).stream().filter(w -> w.contains("/networkpolicies")).toList();
    }
}
