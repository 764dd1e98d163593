package io.netfence.admin.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's header shows: whether this is the demo cluster, and which API server. */
@ControllerAdvice
class ConsoleModelAdvice {

    private final ConsoleMode mode;
    private final String apiServer;

    ConsoleModelAdvice(ConsoleMode mode, KubernetesClient client) {
        this.mode = mode;
        this.apiServer = String.valueOf(client.getMasterUrl());
    }

    @ModelAttribute("demo")
    boolean demo() {
        return mode.demo();
    }

    @ModelAttribute("apiServer")
    String apiServer() {
        return apiServer;
    }
}
