package io.netfence.admin.traffic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import tools.jackson.databind.json.JsonMapper;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads every agent's {@code GET /flows} (docs/security.md "Reading an agent's flows"): the agent pods are found by the
 * chart's labels, each is called at {@code https://<podIP>:<port>/flows} — TLS trusting only the agents' CA and the
 * fixed agent name ({@link AgentTrust}) — with the console's agent-audience ServiceAccount token, all at once, each
 * within the timeout. Never plain HTTP: without the CA no agent is called. An agent that cannot be read (no IP,
 * refused, untrusted certificate, 401/403, timeout, bad JSON) is reported by node and the others' flows are still
 * returned.
 */
public final class AgentFlowSource implements FlowSource {

    /** The agent's JSON ({@code FlowsController.FlowsResponse}); unknown fields are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AgentResponse(String node, boolean observing, List<AgentFlow> flows) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AgentFlow(AgentEndpoint source, AgentEndpoint destination, int port, String protocol, String verdict,
                     long count, Instant firstSeen, Instant lastSeen, String chainOrigin) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AgentEndpoint(String ip, AgentPod pod) {
        FlowEndpoint toEndpoint() {
            return pod == null ? FlowEndpoint.address(ip)
                    : new FlowEndpoint(ip, pod.namespace(), pod.name(), pod.workloadKind(), pod.workloadName());
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AgentPod(String namespace, String name, String workloadKind, String workloadName) {
    }

    private final KubernetesClient client;
    private final AgentFlowsProperties properties;
    private final JsonMapper json;
    private final AgentTrust trust;
    private final Clock clock;
    private SSLContext httpContext;
    private HttpClient http;

    public AgentFlowSource(KubernetesClient client, AgentFlowsProperties properties, JsonMapper json, Clock clock) {
        this.client = client;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.trust = new AgentTrust(properties.caPath(), properties.serverName());
    }

    /** One client per trust context: a renewed CA file gives a new client (and new connections). */
    private synchronized HttpClient http(SSLContext context) {
        if (http == null || httpContext != context) {
            http = HttpClient.newBuilder().sslContext(context).connectTimeout(properties.timeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            httpContext = context;
        }
        return http;
    }

    @Override
    public FlowReadout read() {
        List<FlowReadout.NodeError> errors = new ArrayList<>();
        List<Pod> agents;
        try {
            agents = client.pods().inNamespace(properties.namespace()).withLabels(selector()).list().getItems();
        } catch (RuntimeException e) {
            return new FlowReadout(true, List.of(), List.of(new FlowReadout.NodeError("*",
                    "cannot list the agent pods in namespace " + properties.namespace() + ": " + e.getMessage())), clock.instant());
        }
        if (agents.isEmpty()) {
            errors.add(new FlowReadout.NodeError("*", "no agent pods in namespace " + properties.namespace()
                    + " with labels " + properties.selector()));
        }
        String token;
        HttpClient http;
        try {
            http = http(trust.context());
        } catch (AgentTrust.NoTrustException e) {
            for (Pod p : agents) {
                errors.add(new FlowReadout.NodeError(node(p), e.getMessage()));
            }
            return new FlowReadout(true, List.of(), errors, clock.instant());
        }
        try {
            token = Files.readString(properties.tokenPath()).strip();
        } catch (IOException e) {
            for (Pod p : agents) {
                errors.add(new FlowReadout.NodeError(node(p), "no agent-audience ServiceAccount token at " + properties.tokenPath()
                        + " (the chart mounts a projected token for audience netfence-agent)"));
            }
            return new FlowReadout(true, List.of(), errors, clock.instant());
        }
        Map<String, CompletableFuture<List<ObservedFlow>>> calls = new LinkedHashMap<>();
        for (Pod p : agents) {
            String ip = p.getStatus() == null ? null : p.getStatus().getPodIP();
            if (ip == null || ip.isBlank()) {
                errors.add(new FlowReadout.NodeError(node(p), "agent pod " + p.getMetadata().getName() + " has no IP yet"));
                continue;
            }
            calls.put(node(p), call(http, ip, token));
        }
        List<ObservedFlow> flows = new ArrayList<>();
        for (var call : calls.entrySet()) {
            try {
                flows.addAll(call.getValue().get(properties.timeout().toMillis() + 500, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                call.getValue().cancel(true);
                errors.add(new FlowReadout.NodeError(call.getKey(), "no answer within " + properties.timeout().toMillis() + " ms"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.add(new FlowReadout.NodeError(call.getKey(), "interrupted"));
            } catch (java.util.concurrent.ExecutionException | CompletionException e) {
                errors.add(new FlowReadout.NodeError(call.getKey(), message(e.getCause() == null ? e : e.getCause())));
            }
        }
        List<ObservedFlow> merged = FlowMerge.merge(flows);
        return new FlowReadout(true, merged.stream().filter(f -> !f.wouldDeny()).toList(), errors, clock.instant(),
                merged.stream().filter(ObservedFlow::wouldDeny).toList());
    }

    private CompletableFuture<List<ObservedFlow>> call(HttpClient http, String ip, String token) {
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + host + ":" + properties.port() + "/flows"))
                .timeout(properties.timeout()).header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() != 200) {
                throw new AgentError("HTTP " + r.statusCode() + (r.statusCode() == 401 || r.statusCode() == 403
                        ? " (the console's agent-audience token was refused: its ServiceAccount needs get on netfence.io nodes/flows, "
                        + "and the agent's netfence.agent.flows.audience must be the token's audience; chart agent.flows.enabled)" : ""));
            }
            AgentResponse body;
            try {
                body = json.readValue(r.body(), AgentResponse.class);
            } catch (RuntimeException e) {
                throw new AgentError("unreadable /flows answer: " + e.getMessage());
            }
            String node = body.node() == null ? ip : body.node();
            List<ObservedFlow> out = new ArrayList<>();
            for (AgentFlow f : body.flows() == null ? List.<AgentFlow>of() : body.flows()) {
                if (f.source() == null || f.destination() == null || f.firstSeen() == null || f.lastSeen() == null) {
                    continue;
                }
                out.add(new ObservedFlow(f.source().toEndpoint(), f.destination().toEndpoint(), f.port(), f.protocol(),
                        f.verdict(), f.count(), f.firstSeen(), f.lastSeen(), List.of(node),
                        ObservedFlow.WOULD_DENY.equals(f.verdict()) ? f.chainOrigin() : null));
            }
            return out;
        });
    }

    private Map<String, String> selector() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String term : properties.selector().split(",")) {
            String[] kv = term.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new IllegalArgumentException("netfence.console.agent-flows.selector: \"" + properties.selector()
                        + "\" must be key=value terms separated by commas");
            }
            labels.put(kv[0].strip(), kv[1].strip());
        }
        return labels;
    }

    private static String node(Pod p) {
        return p.getSpec() != null && p.getSpec().getNodeName() != null ? p.getSpec().getNodeName() : p.getMetadata().getName();
    }

    private static String message(Throwable e) {
        if (e instanceof AgentError) {
            return e.getMessage();
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof AgentServerTrustManager.UntrustedAgentException untrusted) {
                return "TLS: not trusted, nothing sent: " + untrusted.getMessage();
            }
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS handshake with the agent failed, nothing sent (does the agent serve /flows over TLS on this port?): "
                    + e.getMessage();
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time (" + e.getMessage() + ")";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static final class AgentError extends RuntimeException {
        AgentError(String message) {
            super(message, null, false, false);
        }
    }
}
