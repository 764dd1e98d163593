package io.netfence.admin.traffic;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.PolicyConverter;
import io.netfence.engine.workload.Workloads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ConsoleTest
class RecommendTest {

    static final String ORDERS = "backend/Deployment/orders";

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

    /**
     * The closed loop on the engine: with the recommended policy every observed allowed connection to orders still
     * passes, and a connection never observed (web → orders) that passes today is denied.
     */
    @Test
    void theRecommendationKeepsObservedTrafficAndDeniesTheRest() throws Exception {
        String json = mvc.perform(get("/api/v1/recommendations").param("workload", ORDERS))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.metadata.name").value("orders-observed"))
                .andExpect(jsonPath("$.spec.podSelector.matchLabels.app").value("orders"))
                .andExpect(jsonPath("$.spec.podSelector.matchLabels.pod-template-hash").doesNotExist())
                .andExpect(jsonPath("$.spec.ingress[0].from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']").value("backend"))
                .andExpect(jsonPath("$.spec.ingress[0].from[0].podSelector.matchLabels.app").value("api"))
                .andExpect(jsonPath("$.spec.ingress[0].ports[0].port").value("http"))
                .andReturn().getResponse().getContentAsString();
        NetworkPolicy np = Serialization.unmarshal(json, NetworkPolicy.class);
        ClusterSnapshot now = cluster.snapshot();
        ClusterSnapshot after = now.withPolicy(PolicyConverter.convert(np));
        ReachabilityAnalyzer a = new ReachabilityAnalyzer(now);
        ReachabilityAnalyzer b = new ReachabilityAnalyzer(after);
        int into = 0;
        for (ObservedFlow f : flows.read().flows()) {
            var dst = b.endpointForIp(f.destination().ip());
            if (f.denied() || !dst.isPod() || !Workloads.of(dst.pod()).key().equals(ORDERS)) {
                continue;
            }
            into++;
            assertThat(b.allowed(b.endpointForIp(f.source().ip()), dst, f.port(), Protocol.valueOf(f.protocol().toUpperCase(Locale.ROOT))))
                    .as("observed %s", f).isTrue();
        }
        assertThat(into).isPositive();
        PodInfo web = now.pods().stream().filter(p -> "web".equals(p.labels().get("app"))).findFirst().orElseThrow();
        PodInfo orders = now.pods().stream().filter(p -> "orders".equals(p.labels().get("app"))).findFirst().orElseThrow();
        assertThat(a.allowed(a.endpoint(web), a.endpoint(orders), 8080, Protocol.TCP)).isTrue();
        assertThat(b.allowed(b.endpoint(web), b.endpoint(orders), 8080, Protocol.TCP)).isFalse();
    }

    @Test
    void egressKeepsDnsAndNamesObservedDestinations() throws Exception {
        mvc.perform(get("/api/v1/recommendations").param("workload", "backend/Deployment/worker").param("egress", "true"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.spec.policyTypes[1]").value("Egress"))
                .andExpect(jsonPath("$.spec.egress[0].to[0].podSelector.matchLabels.k8s-app").value("kube-dns"))
                .andExpect(jsonPath("$.spec.egress[?(@.to[0].ipBlock.cidr == '203.0.113.10/32')].ports[0].port").value(443))
                .andExpect(jsonPath("$.spec.egress[?(@.to[0].podSelector.matchLabels.app == 'kafka')].ports[0].port").value("kafka"));
        mvc.perform(get("/api/v1/recommendations")).andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].path").value("namespace"));
        mvc.perform(get("/api/v1/recommendations").param("workload", "nope")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("workload"));
        mvc.perform(get("/api/v1/recommendations").param("workload", "nowhere/Deployment/x")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message", containsString("no namespace")));
    }

    @Test
    void openingItInTheComposerRoundTripsAndPreviewsWithItsImpact() throws Exception {
        String json = mvc.perform(get("/api/v1/recommendations").param("workload", ORDERS)).andReturn().getResponse().getContentAsString();
        NetworkPolicy expected = Serialization.unmarshal(json, NetworkPolicy.class);
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/traffic/recommend").session(session).param("workload", ORDERS))
                .andExpect(status().isSeeOther()).andExpect(header().string("Location", "/composer"));
        String page = mvc.perform(get("/composer").session(session)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Matcher m = Pattern.compile("<textarea[^>]*id=\"yaml-editor\"[^>]*>(.*?)</textarea>", Pattern.DOTALL).matcher(page);
        assertThat(m.find()).isTrue();
        NetworkPolicy drafted = Serialization.unmarshal(HtmlUtils.htmlUnescape(m.group(1)), NetworkPolicy.class);
        assertThat(drafted.getMetadata().getNamespace()).isEqualTo("backend");
        assertThat(drafted.getMetadata().getName()).isEqualTo("orders-observed");
        assertThat(PolicyConverter.convert(drafted)).isEqualTo(PolicyConverter.convert(expected));
        mvc.perform(get("/preview").session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("backend/orders-observed")))
                .andExpect(content().string(containsString("id=\"traffic-impact\"")));
    }
}
