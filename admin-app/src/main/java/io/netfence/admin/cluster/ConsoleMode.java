package io.netfence.admin.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which cluster the console talks to: its embedded demo cluster, or the one a kubeconfig or the pod's
 * service account points at. {@code netfence.demo=true} forces the demo, {@code false} forbids it; unset, the
 * demo starts only when there is neither a kubeconfig nor an in-cluster configuration.
 */
public record ConsoleMode(boolean demo, String reason) {

    static ConsoleMode decide(Boolean demoFlag, Map<String, String> env, Path home) {
        if (demoFlag != null) {
            return new ConsoleMode(demoFlag, demoFlag ? "netfence.demo=true" : "netfence.demo=false");
        }
        String kubeconfig = env.get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            return new ConsoleMode(false, "KUBECONFIG=" + kubeconfig);
        }
        if (env.get("KUBERNETES_SERVICE_HOST") != null
                && Files.exists(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"))) {
            return new ConsoleMode(false, "in-cluster service account");
        }
        Path defaultConfig = home.resolve(".kube").resolve("config");
        if (Files.isRegularFile(defaultConfig)) {
            return new ConsoleMode(false, defaultConfig.toString());
        }
        return new ConsoleMode(true, "no kubeconfig and no in-cluster configuration");
    }
}
