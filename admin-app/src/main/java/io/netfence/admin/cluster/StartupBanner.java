package io.netfence.admin.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Logs where the console listens and which cluster it shows. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final ConsoleMode mode;

    StartupBanner(ConsoleMode mode) {
        this.mode = mode;
    }

    @EventListener
    void onWebServer(WebServerInitializedEvent event) {
        String url = "http://localhost:" + event.getWebServer().getPort() + "/";
        if (mode.demo()) {
            log.info("netfence console: {}  (DEMO cluster, embedded API server; {}); log in as viewer/viewer or editor/editor", url, mode.reason());
        } else {
            log.info("netfence console: {}  (cluster from {})", url, mode.reason());
        }
    }
}
