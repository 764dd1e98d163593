package io.netfence.engine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Test resources shared through the policy-engine test-jar: {@code kubectl/cluster-3-nodes.yaml} (a
 * {@code kubectl get namespaces,nodes,pods,networkpolicies -A -o yaml} dump of a dual-stack 3-node cluster)
 * and friends.
 */
public final class Fixtures {

    public static final String CLUSTER_3_NODES_YAML = "kubectl/cluster-3-nodes.yaml";
    public static final String CLUSTER_3_NODES_JSON = "kubectl/cluster-3-nodes.json";
    public static final String NETWORKPOLICY_SINGLE = "kubectl/networkpolicy-single.yaml";
    public static final String MULTI_DOCUMENT = "kubectl/multi-document.yaml";
    public static final String PODLIST_API_JSON = "kubectl/podlist-api.json";

    private Fixtures() {
    }

    /** The text of a classpath resource, e.g. {@link #CLUSTER_3_NODES_YAML}. */
    public static String text(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
