package io.netfence.admin.traffic;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.PolicyConverter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The preview's "would deny N of the M connections" equals the engine's verdicts on the recorded flows. */
@ConsoleTest
class TrafficImpactTest {

    /** api only from web: storefront's calls are cut (Prometheus' scrapes stay: the demo's Admin tier accepts them). */
    static final String API_ONLY_FROM_WEB = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: api-only-from-web, namespace: backend}
            spec:
              podSelector: {matchLabels: {app: api}}
              policyTypes: [Ingress]
              ingress:
              - from:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: frontend}}
                  podSelector: {matchLabels: {app: web}}
                ports: [{port: http}]
            """;

    /** storefront into postgres: what the demo's policies deny now becomes allowed. */
    static final String POSTGRES_FROM_STOREFRONT = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: postgres-from-storefront, namespace: data}
            spec:
              podSelector: {matchLabels: {app: postgres}}
              policyTypes: [Ingress]
              ingress:
              - from:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: frontend}}
                  podSelector: {matchLabels: {app: storefront}}
                ports: [{port: 5432}]
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    FlowSource flows;

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
    }

    @Test
    void aDraftThatCutsTrafficListsExactlyTheFlowsTheEngineWouldNowDeny() throws Exception {
        ClusterSnapshot now = cluster.snapshot();
        ClusterSnapshot after = now.withPolicy(PolicyConverter.convert(Serialization.unmarshal(API_ONLY_FROM_WEB, NetworkPolicy.class)));
        Expected expected = expected(now, after);
        assertThat(expected.deny).as("the draft cuts some observed traffic").isNotEmpty();

        JsonNode traffic = preview(API_ONLY_FROM_WEB).get("traffic");
        assertThat(traffic.get("enabled").asBoolean()).isTrue();
        assertThat(traffic.get("observedFlows").asInt()).isEqualTo(expected.observed);
        assertThat(keys(traffic.get("wouldDeny"))).isEqualTo(expected.deny);
        assertThat(keys(traffic.get("wouldAllow"))).isEqualTo(expected.allow).isEmpty();
        assertThat(traffic.get("wouldDeny").valueStream().map(f -> f.get("source").get("workloadName").asString()))
                .contains("storefront").doesNotContain("web", "prometheus");
        assertThat(traffic.get("wouldDenyConnections").asLong()).isEqualTo(
                traffic.get("wouldDeny").valueStream().mapToLong(f -> f.get("count").asLong()).sum());
    }

    @Test
    void aDraftThatOpensDeniedTrafficListsItAsNewlyAllowed() throws Exception {
        ClusterSnapshot now = cluster.snapshot();
        ClusterSnapshot after = now.withPolicy(PolicyConverter.convert(Serialization.unmarshal(POSTGRES_FROM_STOREFRONT, NetworkPolicy.class)));
        Expected expected = expected(now, after);
        assertThat(expected.allow).isNotEmpty().allMatch(k -> k.endsWith(":5432/tcp"));

        JsonNode traffic = preview(POSTGRES_FROM_STOREFRONT).get("traffic");
        assertThat(keys(traffic.get("wouldAllow"))).isEqualTo(expected.allow);
        assertThat(keys(traffic.get("wouldDeny"))).isEqualTo(expected.deny);
    }

    @Test
    void theDeletePageShowsWhatDeletingAPolicyWouldOpen() throws Exception {
        ClusterSnapshot now = cluster.snapshot();
        Expected expected = expected(now, now.withoutPolicy("backend", "payments-from-orders"));
        assertThat(expected.allow).isNotEmpty();
        mvc.perform(get("/policies/backend/payments-from-orders/delete"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"traffic-impact\"")))
                .andExpect(content().string(containsString("newly allow <span id=\"impact-allow-count\">" + expected.allow.size() + "</span>")))
                .andExpect(content().string(containsString("deny <span id=\"impact-deny-count\">" + expected.deny.size() + "</span>")));
    }

    record Expected(int observed, Set<String> deny, Set<String> allow) {
    }

    /** Straight from the engine: each recorded flow judged on both snapshots. */
    private Expected expected(ClusterSnapshot before, ClusterSnapshot after) {
        ReachabilityAnalyzer a = new ReachabilityAnalyzer(before);
        ReachabilityAnalyzer b = new ReachabilityAnalyzer(after);
        Set<String> deny = new TreeSet<>();
        Set<String> allow = new TreeSet<>();
        int observed = 0;
        for (ObservedFlow f : flows.read().flows()) {
            Protocol p = Protocol.valueOf(f.protocol().toUpperCase(Locale.ROOT));
            boolean x = a.allowed(a.endpointForIp(f.source().ip()), a.endpointForIp(f.destination().ip()), f.port(), p);
            boolean y = b.allowed(b.endpointForIp(f.source().ip()), b.endpointForIp(f.destination().ip()), f.port(), p);
            observed++;
            String key = f.source().ip() + ">" + f.destination().ip() + ":" + f.port() + "/" + f.protocol();
            if (x && !y) {
                deny.add(key);
            } else if (!x && y) {
                allow.add(key);
            }
        }
        return new Expected(observed, deny, allow);
    }

    private static Set<String> keys(JsonNode list) {
        return list.valueStream().map(f -> f.get("source").get("ip").asString() + ">" + f.get("destination").get("ip").asString()
                + ":" + f.get("port").asInt() + "/" + f.get("protocol").asString()).collect(Collectors.toCollection(TreeSet::new));
    }

    private JsonNode preview(String yaml) throws Exception {
        return JsonMapper.builder().build().readTree(mvc.perform(post("/api/v1/preview").contentType("application/yaml").content(yaml))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }
}
