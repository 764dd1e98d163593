package io.netfence.admin.composer;

import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

import java.io.Serializable;

/** The draft of this browser session, shared by the composer, the preview and the connectivity pages. */
@Component
@SessionScope
public class DraftSession implements Serializable {

    private String yaml;

    public String yaml() {
        return yaml;
    }

    public void update(String yaml) {
        this.yaml = yaml;
    }

    public boolean present() {
        return yaml != null && !yaml.isBlank();
    }
}
