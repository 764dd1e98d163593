package io.netfence.engine.truthtable;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.netfence.engine.truthtable.Mutation.namespaceLabel;
import static io.netfence.engine.truthtable.Mutation.podLabel;
import static io.netfence.engine.truthtable.Mutation.podPhase;
import static io.netfence.engine.truthtable.NetworkPolicies.allPorts;
import static io.netfence.engine.truthtable.NetworkPolicies.expression;
import static io.netfence.engine.truthtable.NetworkPolicies.labels;
import static io.netfence.engine.truthtable.NetworkPolicies.namedPort;
import static io.netfence.engine.truthtable.NetworkPolicies.namespaces;
import static io.netfence.engine.truthtable.NetworkPolicies.peers;
import static io.netfence.engine.truthtable.NetworkPolicies.pods;
import static io.netfence.engine.truthtable.NetworkPolicies.podsInNamespaces;
import static io.netfence.engine.truthtable.NetworkPolicies.policy;
import static io.netfence.engine.truthtable.NetworkPolicies.range;
import static io.netfence.engine.truthtable.NetworkPolicies.tcp;
import static io.netfence.engine.truthtable.NetworkPolicies.udp;

/**
 * The truth-table catalog: every NetworkPolicy rule as a case over the {@link ModelCluster} (namespaces x, y, z;
 * pods a, b, c), each stating its whole expected matrix per probe. Rows are sources, columns destinations,
 * {@code .} connected, {@code X} blocked. A pod always reaches itself (loopback never leaves its network namespace).
 *
 * <p>Consumers: {@code TruthTableTest} (the analyzer) and the node-agent's kernel suite (real iptables in network
 * namespaces) run the same cases: {@code for (TruthTableCase c : TruthTableCatalog.cases())}, build
 * {@code c.snapshot(model)}, probe, compare with each {@code probe.expected()}.
 */
public final class TruthTableCatalog {

    private TruthTableCatalog() {
    }

    /** Every case, in a stable order. */
    public static List<TruthTableCase> cases() {
        return CASES;
    }

    /** One case by name. */
    public static TruthTableCase named(String name) {
        TruthTableCase c = BY_NAME.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no truth-table case " + name + "; cases are " + BY_NAME.keySet());
        }
        return c;
    }

    private static final List<TruthTableCase> CASES = List.of(
            TruthTableCase.named("no-policies")
                .description("Without policies every pod reaches every pod on every port.")
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "TCP/81", "UDP/80", "UDP/81")
                .build(),

            TruthTableCase.named("default-deny-ingress")
                .description("podSelector {} with policyTypes [Ingress] and no rules isolates every pod of x for ingress.")
                .policies(policy("x", "deny-ingress").types("Ingress").build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("default-deny-egress")
                .description("policyTypes [Egress] without rules: pods of x reach nothing; they still receive.")
                .policies(policy("x", "deny-egress").types("Egress").build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   X   X   X   X   X   X
                        x/b X   .   X   X   X   X   X   X   X
                        x/c X   X   .   X   X   X   X   X   X
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("default-deny-all")
                .description("policyTypes [Ingress, Egress] without rules: x is cut off both ways, even inside x.")
                .policies(policy("x", "deny-all").types("Ingress", "Egress").build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   X   X   X   X   X   X
                        x/b X   .   X   X   X   X   X   X   X
                        x/c X   X   .   X   X   X   X   X   X
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("deny-all-everywhere")
                .description("Deny-all in every namespace: only loopback remains.")
                .policies(policy("x", "deny-all").types("Ingress", "Egress").build(),
                        policy("y", "deny-all").types("Ingress", "Egress").build(),
                        policy("z", "deny-all").types("Ingress", "Egress").build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   X   X   X   X   X   X
                        x/b X   .   X   X   X   X   X   X   X
                        x/c X   X   .   X   X   X   X   X   X
                        y/a X   X   X   .   X   X   X   X   X
                        y/b X   X   X   X   .   X   X   X   X
                        y/c X   X   X   X   X   .   X   X   X
                        z/a X   X   X   X   X   X   .   X   X
                        z/b X   X   X   X   X   X   X   .   X
                        z/c X   X   X   X   X   X   X   X   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("deny-all-plus-allow-all-ingress")
                .description("Union: a deny-all policy next to ingress: [{}] (all peers, all ports) allows everything.")
                .policies(policy("x", "deny-ingress").types("Ingress").build(),
                        policy("x", "allow-all").ingress(peers()).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("allow-same-namespace")
                .description("from podSelector {} (no namespaceSelector) = every pod of the policy's namespace.")
                .policies(policy("x", "allow-same-namespace").ingress(peers(pods(labels()))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("allow-namespace-by-label")
                .description("x/a accepts every pod of namespaces labelled ns=y.")
                .policies(policy("x", "a-from-ns-y").select(labels("pod", "a"))
                        .ingress(peers(namespaces(labels("ns", "y")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b X   .   .   .   .   .   .   .   .
                        x/c X   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a X   .   .   .   .   .   .   .   .
                        z/b X   .   .   .   .   .   .   .   .
                        z/c X   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("allow-namespace-by-name-label")
                .description("The automatic kubernetes.io/metadata.name label selects namespace z.")
                .policies(policy("x", "a-from-z").select(labels("pod", "a"))
                        .ingress(peers(namespaces(labels("kubernetes.io/metadata.name", "z")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b X   .   .   .   .   .   .   .   .
                        x/c X   .   .   .   .   .   .   .   .
                        y/a X   .   .   .   .   .   .   .   .
                        y/b X   .   .   .   .   .   .   .   .
                        y/c X   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("and-peer-pod-and-namespace")
                .description("podSelector and namespaceSelector in ONE peer are ANDed: pods b of namespaces y and z.")
                .policies(policy("x", "a-from-b-in-yz").select(labels("pod", "a"))
                        .ingress(peers(podsInNamespaces(labels("pod", "b"), expression("ns", "In", "y", "z")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b X   .   .   .   .   .   .   .   .
                        x/c X   .   .   .   .   .   .   .   .
                        y/a X   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c X   .   .   .   .   .   .   .   .
                        z/a X   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c X   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("or-peers-pod-or-namespace")
                .description("Two peers are ORed: pods b of x (podSelector alone) or any pod of namespace y.")
                .policies(policy("x", "a-from-b-or-y").select(labels("pod", "a"))
                        .ingress(peers(pods(labels("pod", "b")), namespaces(labels("ns", "y")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c X   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a X   .   .   .   .   .   .   .   .
                        z/b X   .   .   .   .   .   .   .   .
                        z/c X   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("pod-selector-peer-is-own-namespace")
                .description("A podSelector peer without namespaceSelector matches only the policy's namespace: y/b, z/b are not allowed.")
                .policies(policy("x", "a-from-b").select(labels("pod", "a")).ingress(peers(pods(labels("pod", "b")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c X   .   .   .   .   .   .   .   .
                        y/a X   .   .   .   .   .   .   .   .
                        y/b X   .   .   .   .   .   .   .   .
                        y/c X   .   .   .   .   .   .   .   .
                        z/a X   .   .   .   .   .   .   .   .
                        z/b X   .   .   .   .   .   .   .   .
                        z/c X   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("pods-in-any-namespace")
                .description("namespaceSelector {} with a podSelector: pods a of every namespace.")
                .policies(policy("y", "c-from-any-a").select(labels("pod", "c"))
                        .ingress(peers(podsInNamespaces(labels("pod", "a"), labels()))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   X   .   .   .
                        x/c .   .   .   .   .   X   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   X   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   X   .   .   .
                        z/c .   .   .   .   .   X   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("match-expressions-in")
                .description("podSelector pod In (a, b) selects two pods; the peer pod In (c) admits the c pods of all namespaces.")
                .policies(policy("x", "ab-from-c").select(expression("pod", "In", "a", "b"))
                        .ingress(peers(podsInNamespaces(expression("pod", "In", "c"), labels()))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   .   .   .   .   .   .   .
                        x/b X   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a X   X   .   .   .   .   .   .   .
                        y/b X   X   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a X   X   .   .   .   .   .   .   .
                        z/b X   X   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("match-expressions-not-in")
                .description("namespaceSelector ns NotIn (x, y): only namespace z.")
                .policies(policy("x", "from-not-xy").ingress(peers(namespaces(expression("ns", "NotIn", "x", "y")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("match-expressions-exists")
                .description("After labelling y/a and z/b role=frontend, the peer 'role Exists' admits exactly them.")
                .mutate(podLabel("y/a", "role", "frontend"), podLabel("z/b", "role", "frontend"))
                .policies(policy("x", "from-role").ingress(peers(podsInNamespaces(expression("role", "Exists"), labels()))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("match-expressions-does-not-exist")
                .description("The peer 'role DoesNotExist' admits every pod but the two labelled role=frontend.")
                .mutate(podLabel("y/a", "role", "frontend"), podLabel("z/b", "role", "frontend"))
                .policies(policy("x", "a-from-no-role").select(labels("pod", "a"))
                        .ingress(peers(podsInNamespaces(expression("role", "DoesNotExist"), labels()))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a X   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b X   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("ipblock-single-pod")
                .description("An ipBlock of y/b's host CIDR matches that pod's IP (ipBlocks match pod IPs too).")
                .policies(m -> List.of(policy("x", "a-from-yb-ip").select(labels("pod", "a")).ingress(m.ipBlockOf("y/b")).build()))
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b X   .   .   .   .   .   .   .   .
                        x/c X   .   .   .   .   .   .   .   .
                        y/a X   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c X   .   .   .   .   .   .   .   .
                        z/a X   .   .   .   .   .   .   .   .
                        z/b X   .   .   .   .   .   .   .   .
                        z/c X   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("ipblock-except")
                .description("ipBlock 0.0.0.0/0 (::/0) except y/b and z/c: everyone else reaches x/a.")
                .policies(m -> List.of(policy("x", "a-from-all-but").select(labels("pod", "a"))
                        .ingress(m.ipBlockAllExcept("y/b", "z/c")).build()))
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b X   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c X   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("ipblock-egress-except")
                .description("Egress of x/a to every address except x/b and y/b.")
                .policies(m -> List.of(policy("x", "a-to-all-but").select(labels("pod", "a")).types("Egress")
                        .egress(m.ipBlockAllExcept("x/b", "y/b")).build()))
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   .   .   X   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("egress-ipblock-to-pod")
                .description("Egress of all x pods only to y/a's IP.")
                .policies(m -> List.of(policy("x", "to-ya-ip").types("Egress").egress(m.ipBlockOf("y/a")).build()))
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   X   X   X   X   X
                        x/b X   .   X   .   X   X   X   X   X
                        x/c X   X   .   .   X   X   X   X   X
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("named-port")
                .description("Ingress on the named port serve-81-tcp only: TCP 81 passes, TCP 80 and UDP 81 do not.")
                .policies(policy("x", "serve-81-tcp").ingress(peers(), namedPort("TCP", "serve-81-tcp")).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/81")
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("named-port-protocol-aware")
                .description("Names resolve per protocol: UDP serve-81-udp is UDP 81; UDP serve-80-tcp names no UDP port and matches nothing.")
                .policies(policy("x", "udp-names").ingress(peers(), namedPort("UDP", "serve-81-udp"), namedPort("UDP", "serve-80-tcp")).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "UDP/81")
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "UDP/80", "TCP/80", "TCP/81")
                .build(),

            TruthTableCase.named("named-port-differs-per-pod")
                .description("Port 'web' (protocol defaulted to TCP) is 80 on a pods, 81 on b pods, absent on c pods: resolved per destination.")
                .policies(policy("x", "web").ingress(peers(), namedPort(null, ModelCluster.WEB_PORT)).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b .   .   X   .   .   .   .   .   .
                        x/c .   X   .   .   .   .   .   .   .
                        y/a .   X   X   .   .   .   .   .   .
                        y/b .   X   X   .   .   .   .   .   .
                        y/c .   X   X   .   .   .   .   .   .
                        z/a .   X   X   .   .   .   .   .   .
                        z/b .   X   X   .   .   .   .   .   .
                        z/c .   X   X   .   .   .   .   .   .
                        """, "TCP/80")
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   .   .   .   .   .   .   .   .
                        y/a X   .   X   .   .   .   .   .   .
                        y/b X   .   X   .   .   .   .   .   .
                        y/c X   .   X   .   .   .   .   .   .
                        z/a X   .   X   .   .   .   .   .   .
                        z/b X   .   X   .   .   .   .   .   .
                        z/c X   .   X   .   .   .   .   .   .
                        """, "TCP/81")
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "UDP/80")
                .build(),

            TruthTableCase.named("named-port-egress-resolves-on-destination")
                .description("An egress rule's named port is resolved against the destination pod: x/a reaches a pods on 80, b pods on 81.")
                .policies(policy("x", "a-to-web").select(labels("pod", "a")).types("Egress")
                        .egress(peers(), namedPort("TCP", ModelCluster.WEB_PORT)).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   X   X   .   X   X
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80")
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   X   X   .   X   X   .   X
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/81")
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   X   X   X   X   X   X
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "UDP/80")
                .build(),

            TruthTableCase.named("port-number")
                .description("Numeric port TCP 80: neither another port nor another protocol.")
                .policies(policy("x", "tcp-80").ingress(peers(), tcp(80)).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80")
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "TCP/81", "UDP/80")
                .build(),

            TruthTableCase.named("end-port-range")
                .description("port 81 with endPort 90 covers 81 but not 80.")
                .policies(policy("x", "tcp-81-90").ingress(peers(), range("TCP", 81, 90)).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/81")
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("protocol-without-port")
                .description("A ports entry with only protocol UDP covers every UDP port and no TCP port.")
                .policies(policy("x", "all-udp").ingress(peers(), allPorts("UDP")).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "UDP/80", "UDP/81")
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "TCP/80")
                .build(),

            TruthTableCase.named("multiple-ports")
                .description("ports [TCP 80, UDP 81] in one rule: either passes, the other combinations do not.")
                .policies(policy("x", "two-ports").ingress(peers(), tcp(80), udp(81)).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "TCP/81", "UDP/80")
                .build(),

            TruthTableCase.named("multiple-rules")
                .description("Rules are ORed, each with its own peers and ports: y on TCP 80, z on TCP 81.")
                .policies(policy("x", "two-rules")
                        .ingress(peers(namespaces(labels("ns", "y"))), tcp(80))
                        .ingress(peers(namespaces(labels("ns", "z"))), tcp(81)).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "TCP/80")
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/81")
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "UDP/80")
                .build(),

            TruthTableCase.named("egress-to-namespace")
                .description("Egress-only policy: pods of x reach only namespace y; nothing changes for ingress.")
                .policies(policy("x", "to-y").types("Egress").egress(peers(namespaces(labels("ns", "y")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   X   X   X
                        x/b X   .   X   .   .   .   X   X   X
                        x/c X   X   .   .   .   .   X   X   X
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("ingress-and-egress")
                .description("One policy, both directions (policyTypes defaulted from the egress rules): x/a hears from y, talks to z.")
                .policies(policy("x", "a-both").select(labels("pod", "a"))
                        .ingress(peers(namespaces(labels("ns", "y"))))
                        .egress(peers(namespaces(labels("ns", "z")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   X   X   X   .   .   .
                        x/b X   .   .   .   .   .   .   .   .
                        x/c X   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a X   .   .   .   .   .   .   .   .
                        z/b X   .   .   .   .   .   .   .   .
                        z/c X   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("egress-rules-without-policy-types")
                .description("Egress rules without policyTypes default to [Ingress, Egress]: x/a receives nothing and reaches only x/b.")
                .policies(policy("x", "a-to-b").select(labels("pod", "a")).egress(peers(pods(labels("pod", "b")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   X   X   X   X   X   X   X
                        x/b X   .   .   .   .   .   .   .   .
                        x/c X   .   .   .   .   .   .   .   .
                        y/a X   .   .   .   .   .   .   .   .
                        y/b X   .   .   .   .   .   .   .   .
                        y/c X   .   .   .   .   .   .   .   .
                        z/a X   .   .   .   .   .   .   .   .
                        z/b X   .   .   .   .   .   .   .   .
                        z/c X   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("empty-egress-without-egress-type")
                .description("egress: [] without policyTypes defaults to [Ingress] only: x/a is ingress-isolated, its egress is free.")
                .policies(policy("x", "a-empty-egress").select(labels("pod", "a")).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b X   .   .   .   .   .   .   .   .
                        x/c X   .   .   .   .   .   .   .   .
                        y/a X   .   .   .   .   .   .   .   .
                        y/b X   .   .   .   .   .   .   .   .
                        y/c X   .   .   .   .   .   .   .   .
                        z/a X   .   .   .   .   .   .   .   .
                        z/b X   .   .   .   .   .   .   .   .
                        z/c X   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("egress-rules-ignored-without-egress-type")
                .description("policyTypes [Ingress] with egress rules: the egress rules are ignored (not isolated for egress).")
                .policies(policy("x", "a-ingress-only").select(labels("pod", "a")).types("Ingress")
                        .ingress(peers()).egress(peers(pods(labels("pod", "b")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("union-of-policies")
                .description("Three policies on x add up: deny-all, y → x/a, z/c → x/b.")
                .policies(policy("x", "deny-ingress").types("Ingress").build(),
                        policy("x", "a-from-y").select(labels("pod", "a")).ingress(peers(namespaces(labels("ns", "y")))).build(),
                        policy("x", "b-from-zc").select(labels("pod", "b"))
                                .ingress(peers(podsInNamespaces(labels("pod", "c"), labels("ns", "z")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a .   X   X   .   .   .   .   .   .
                        y/b .   X   X   .   .   .   .   .   .
                        y/c .   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   .   X   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("both-sides-must-allow")
                .description("x/a may only send to y; y/b only accepts z: x/a → y/b is denied although x/a's egress allows it.")
                .policies(policy("x", "a-to-y").select(labels("pod", "a")).types("Egress")
                                .egress(peers(namespaces(labels("ns", "y")))).build(),
                        policy("y", "b-from-z").select(labels("pod", "b")).ingress(peers(namespaces(labels("ns", "z")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   X   .   X   X   X
                        x/b .   .   .   .   X   .   .   .   .
                        x/c .   .   .   .   X   .   .   .   .
                        y/a .   .   .   .   X   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   X   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("label-change-pod")
                .description("x accepts pods pod=b of x; relabelling x/c to pod=b admits it too.")
                .mutate(podLabel("x/c", "pod", "b"))
                .policies(policy("x", "from-b").ingress(peers(pods(labels("pod", "b")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a X   X   X   .   .   .   .   .   .
                        y/b X   X   X   .   .   .   .   .   .
                        y/c X   X   X   .   .   .   .   .   .
                        z/a X   X   X   .   .   .   .   .   .
                        z/b X   X   X   .   .   .   .   .   .
                        z/c X   X   X   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("label-change-namespace")
                .description("x accepts namespaces ns=y; relabelling namespace z to ns=y admits z too.")
                .mutate(namespaceLabel("z", "ns", "y"))
                .policies(policy("x", "from-ns-y").ingress(peers(namespaces(labels("ns", "y")))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   X   X   .   .   .   .   .   .
                        x/b X   .   X   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("label-change-unselects-pod")
                .description("Relabelling x/a to pod=d takes it out of its deny policy's podSelector.")
                .mutate(podLabel("x/a", "pod", "d"))
                .policies(policy("x", "deny-a").select(labels("pod", "a")).types("Ingress").build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a .   .   .   .   .   .   .   .   .
                        y/b .   .   .   .   .   .   .   .   .
                        y/c .   .   .   .   .   .   .   .   .
                        z/a .   .   .   .   .   .   .   .   .
                        z/b .   .   .   .   .   .   .   .   .
                        z/c .   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("finished-pod-not-selected")
                .description("x/c has finished (Succeeded): it is neither isolated nor matched by podSelector {}, but still reachable by IP.")
                .mutate(podPhase("x/c", "Succeeded"))
                .policies(policy("x", "same-namespace").ingress(peers(pods(labels()))).build())
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b .   .   .   .   .   .   .   .   .
                        x/c X   X   .   .   .   .   .   .   .
                        y/a X   X   .   .   .   .   .   .   .
                        y/b X   X   .   .   .   .   .   .   .
                        y/c X   X   .   .   .   .   .   .   .
                        z/a X   X   .   .   .   .   .   .   .
                        z/b X   X   .   .   .   .   .   .   .
                        z/c X   X   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build(),

            TruthTableCase.named("finished-pod-matched-by-ipblock")
                .description("A finished pod still sends from its IP, and an ipBlock of that IP matches it.")
                .mutate(podPhase("x/c", "Succeeded"))
                .policies(m -> List.of(policy("x", "a-from-xc-ip").select(labels("pod", "a")).ingress(m.ipBlockOf("x/c")).build()))
                .expect("""
                            x/a x/b x/c y/a y/b y/c z/a z/b z/c
                        x/a .   .   .   .   .   .   .   .   .
                        x/b X   .   .   .   .   .   .   .   .
                        x/c .   .   .   .   .   .   .   .   .
                        y/a X   .   .   .   .   .   .   .   .
                        y/b X   .   .   .   .   .   .   .   .
                        y/c X   .   .   .   .   .   .   .   .
                        z/a X   .   .   .   .   .   .   .   .
                        z/b X   .   .   .   .   .   .   .   .
                        z/c X   .   .   .   .   .   .   .   .
                        """, "TCP/80", "UDP/81")
                .build()
    );

    private static final Map<String, TruthTableCase> BY_NAME = CASES.stream()
            .collect(Collectors.toMap(TruthTableCase::name, Function.identity(), (a, b) -> {
                throw new IllegalStateException("duplicate case name " + a.name());
            }, java.util.LinkedHashMap::new));
}
