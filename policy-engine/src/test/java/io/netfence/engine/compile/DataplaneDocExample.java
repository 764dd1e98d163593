package io.netfence.engine.compile;

import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** The worked example of docs/dataplane.md: a two-node shop. {@link DataplaneDocTest} keeps the doc exact. */
public final class DataplaneDocExample {

    private DataplaneDocExample() {
    }

    public static ClusterSnapshot snapshot() {
        NodeInfo n1 = new NodeInfo("n1", List.of("192.168.0.1"), List.of("10.244.1.0/24"));
        NodeInfo n2 = new NodeInfo("n2", List.of("192.168.0.2"), List.of("10.244.2.0/24"));
        PodInfo web = new PodInfo("shop", "web-1", Map.of("app", "web"), List.of("10.244.1.5"), "n1", false, "Running",
                List.of(new ContainerPortInfo("http", 8080, Protocol.TCP)));
        PodInfo db = new PodInfo("shop", "db-1", Map.of("app", "db"), List.of("10.244.1.6"), "n1", false, "Running",
                List.of(new ContainerPortInfo("postgres", 5432, Protocol.TCP)));
        PodInfo frontend = new PodInfo("shop", "frontend-1", Map.of("app", "frontend"), List.of("10.244.2.7"), "n2", false,
                "Running", List.of());
        Policy webIngress = new Policy("shop", "web", LabelSelector.of(Map.of("app", "web")),
                EnumSet.of(Direction.INGRESS, Direction.EGRESS),
                List.of(new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("app", "frontend")), null)),
                        List.of(PortSpec.number(Protocol.TCP, 8080)))),
                List.of(new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("app", "db")), null)), List.of()),
                        new PolicyRule(List.of(new IpBlockPeer(Cidr.of("0.0.0.0/0"), List.of(Cidr.of("10.0.0.0/8")))),
                                List.of(PortSpec.number(Protocol.TCP, 443)))));
        Policy dbIngress = new Policy("shop", "db", LabelSelector.of(Map.of("app", "db")), EnumSet.of(Direction.INGRESS),
                List.of(new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("app", "web")), null)),
                        List.of(PortSpec.named(Protocol.TCP, "postgres")))),
                List.of());
        return ClusterSnapshot.of(List.of(new NamespaceInfo("shop", Map.of())), List.of(web, db, frontend), List.of(n1, n2),
                List.of(webIngress, dbIngress));
    }
}
