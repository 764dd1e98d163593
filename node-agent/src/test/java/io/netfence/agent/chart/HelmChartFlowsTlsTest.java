package io.netfence.agent.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.netfence.agent.flows.FlowProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.ssl.pem.PemContent;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.netfence.agent.chart.HelmChartTest.find;
import static io.netfence.agent.chart.HelmChartTest.map;
import static io.netfence.agent.chart.HelmChartTest.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart's side of reading flows securely (docs/security.md "Reading an agent's flows"): the generated TLS Secret,
 * the agents serving /flows on a TLS port with it, the console trusting only its CA and the fixed agent name, and
 * sending a token bound to the agents' audience.
 */
class HelmChartFlowsTlsTest {

    private static final String SERVER_NAME = "nf-netfence-agent.netfence.svc";
    private static final String SECRET = "nf-netfence-agent-flows-tls";

    private static PodSpec agentPod(List<Map<String, Object>> docs) {
        return StrictModel.parse(find(docs, "DaemonSet", "nf-netfence-agent"), DaemonSet.class).getSpec().getTemplate().getSpec();
    }

    private static PodSpec consolePod(List<Map<String, Object>> docs) {
        return StrictModel.parse(find(docs, "Deployment", "nf-netfence-console"), Deployment.class).getSpec().getTemplate().getSpec();
    }

    private static Map<String, String> args(Container c) {
        Map<String, String> props = new HashMap<>();
        for (String arg : c.getArgs()) {
            String kv = arg.substring(2);
            assertThat(props.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1)))
                    .as("%s given twice (Spring would join the values)", kv).isNull();
        }
        return props;
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static String mountPath(Container c, String volume) {
        return c.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError("no mount of " + volume)).getMountPath();
    }

    @Test
    void flowsOffLeavesOnePlainPortAndNoSecret() {
        List<Map<String, Object>> docs = render();
        assertThat(docs).noneMatch(d -> "Secret".equals(d.get("kind")) && SECRET.equals(map(d.get("metadata")).get("name")));
        Map<String, String> agent = args(agentPod(docs).getContainers().get(0));
        assertThat(agent).containsEntry("server.port", "9477").doesNotContainKeys("server.ssl.bundle", "management.server.port");
        assertThat(agentPod(docs).getVolumes()).noneMatch(v -> v.getName().equals("flows-tls"));
        assertThat(consolePod(docs).getVolumes()).noneMatch(v -> v.getName().startsWith("agent-"));
    }

    @Test
    void theAgentServesFlowsOverTlsWithTheSecretAndKeepsProbesAndMetricsPlain() {
        List<Map<String, Object>> docs = render("agent.flows.enabled", "true");
        Container agent = agentPod(docs).getContainers().get(0);
        Map<String, String> props = args(agent);
        assertThat(props).containsEntry("server.port", "9478").containsEntry("management.server.port", "9477")
                .containsEntry("management.server.ssl.enabled", "false").containsEntry("server.ssl.bundle", "netfence-flows")
                .containsEntry("spring.ssl.bundle.pem.netfence-flows.reload-on-update", "true");
        String dir = mountPath(agent, "flows-tls");
        assertThat(props).containsEntry("spring.ssl.bundle.pem.netfence-flows.keystore.certificate", "file:" + dir + "/tls.crt")
                .containsEntry("spring.ssl.bundle.pem.netfence-flows.keystore.private-key", "file:" + dir + "/tls.key");
        Volume tls = volume(agentPod(docs), "flows-tls");
        assertThat(tls.getSecret().getSecretName()).isEqualTo(SECRET);
        assertThat(tls.getSecret().getItems()).extracting(i -> i.getKey()).containsExactlyInAnyOrder("tls.crt", "tls.key");
        assertThat(tls.getSecret().getDefaultMode()).isEqualTo(0400);
        // probes on the plain management port; the TLS port is declared for what it is
        assertThat(agent.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("metrics");
            assertThat(p.getContainerPort()).isEqualTo(9477);
        }).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("flows");
            assertThat(p.getContainerPort()).isEqualTo(9478);
        });
        assertThat(agent.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(agent.getReadinessProbe().getHttpGet().getScheme()).isNull();

        FlowProperties bound = new Binder(new MapConfigurationPropertySource(props)).bind("netfence.agent.flows", FlowProperties.class).get();
        assertThat(bound.audience()).isEqualTo("netfence-agent");
        assertThat(new Binder(new MapConfigurationPropertySource(render("agent.flows.enabled", "true", "agent.flows.tokenAudience", "aud-x")
                .stream().filter(d -> "DaemonSet".equals(d.get("kind")) && "nf-netfence-agent".equals(map(d.get("metadata")).get("name")))
                .map(d -> args(StrictModel.parse(d, DaemonSet.class).getSpec().getTemplate().getSpec().getContainers().get(0)))
                .findFirst().orElseThrow())).bind("netfence.agent.flows", FlowProperties.class).get().audience()).isEqualTo("aud-x");
    }

    @Test
    void theConsoleTrustsOnlyTheCaAndTheAgentNameAndSendsAnAgentBoundToken() {
        List<Map<String, Object>> docs = render("agent.flows.enabled", "true", "agent.flows.tokenExpirationSeconds", "1200");
        Container console = consolePod(docs).getContainers().get(0);
        Map<String, String> props = args(console);
        assertThat(props).containsEntry("netfence.console.agent-flows.port", "9478")
                .containsEntry("netfence.console.agent-flows.server-name", SERVER_NAME)
                .containsEntry("netfence.console.agent-flows.ca-path", mountPath(console, "agent-flows-ca") + "/ca.crt")
                .containsEntry("netfence.console.agent-flows.token-path", mountPath(console, "agent-token") + "/token");
        Volume ca = volume(consolePod(docs), "agent-flows-ca");
        assertThat(ca.getSecret().getSecretName()).isEqualTo(SECRET);
        assertThat(ca.getSecret().getItems()).as("the console never mounts the agents' key").singleElement()
                .satisfies(i -> assertThat(i.getKey()).isEqualTo("ca.crt"));
        var token = volume(consolePod(docs), "agent-token").getProjected().getSources();
        assertThat(token).singleElement().satisfies(s -> {
            assertThat(s.getServiceAccountToken().getAudience()).isEqualTo("netfence-agent");
            assertThat(s.getServiceAccountToken().getExpirationSeconds()).isEqualTo(1200L);
            assertThat(s.getServiceAccountToken().getPath()).isEqualTo("token");
        });
    }

    /** The generated pair is what both ends need: a CA, a certificate it signed for the agent name, a key Spring reads. */
    @Test
    void theGeneratedSecretHoldsACaAndACertificateForTheAgentNameSignedByIt() throws Exception {
        Map<String, Object> secret = find(render("agent.flows.enabled", "true"), "Secret", SECRET);
        assertThat(secret.get("type")).isEqualTo("kubernetes.io/tls");
        Map<String, Object> data = map(secret.get("data"));
        assertThat(data).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
        X509Certificate ca = certificate(decode(data, "ca.crt"));
        X509Certificate cert = certificate(decode(data, "tls.crt"));
        assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        cert.verify(ca.getPublicKey());
        assertThat(cert.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList()).containsExactly(SERVER_NAME);
        assertThat(cert.getNotAfter()).isAfter(java.util.Date.from(java.time.Instant.now().plus(java.time.Duration.ofDays(3000))));

        // the agent's SSL bundle reads the key; a client trusting only this CA (PKIX) accepts the certificate
        assertThat(PemContent.of(decode(data, "tls.key")).getPrivateKey()).isNotNull();
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(anchors);
        ((X509TrustManager) tmf.getTrustManagers()[0]).checkServerTrusted(new X509Certificate[]{cert}, "RSA");

        // a fresh CA per install, never a fixed one
        Map<String, Object> other = map(find(render("agent.flows.enabled", "true"), "Secret", SECRET).get("data"));
        assertThat(other.get("ca.crt")).isNotEqualTo(data.get("ca.crt"));
    }

    @Test
    void anExistingSecretIsMountedAndNothingIsGenerated() {
        List<Map<String, Object>> docs = render("agent.flows.enabled", "true", "agent.flows.tls.existingSecret", "agent-flows-cert");
        assertThat(docs).noneMatch(d -> "Secret".equals(d.get("kind")) && SECRET.equals(map(d.get("metadata")).get("name")));
        assertThat(volume(agentPod(docs), "flows-tls").getSecret().getSecretName()).isEqualTo("agent-flows-cert");
        assertThat(volume(consolePod(docs), "agent-flows-ca").getSecret().getSecretName()).isEqualTo("agent-flows-cert");
    }

    @Test
    void theFlowsPortMustDifferFromTheMetricsPortAndTheTokenMustLiveTenMinutesOrMore() {
        assertThatThrownBy(() -> render("agent.flows.enabled", "true", "agent.flows.port", "9477"))
                .hasMessageContaining("agent.flows.port must differ from agent.metricsPort");
        assertThatThrownBy(() -> HelmChartTest.template(null, "agent.flows.tokenExpirationSeconds", "60").call())
                .hasMessageContaining("/agent/flows/tokenExpirationSeconds");
    }

    private static String decode(Map<String, Object> data, String key) {
        return new String(Base64.getDecoder().decode((String) data.get(key)), StandardCharsets.UTF_8);
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
