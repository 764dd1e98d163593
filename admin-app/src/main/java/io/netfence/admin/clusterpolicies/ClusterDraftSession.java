package io.netfence.admin.clusterpolicies;

import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

import java.io.Serializable;
import java.util.List;

/**
 * This browser session's ClusterNetworkPolicy draft (apart from its NetworkPolicy draft: working on one never loses
 * the other), and the stored version it was opened from, so a push updates exactly the version the user started from.
 */
@Component
@SessionScope
public class ClusterDraftSession implements Serializable {

    /** A stored ClusterNetworkPolicy at the resourceVersion the user opened it. */
    public record StartedFrom(String name, String resourceVersion) implements Serializable {
    }

    /** A field the API server refused when this exact draft text was pushed. */
    public record Rejection(String path, String message) implements Serializable {
    }

    private String yaml;
    private StartedFrom startedFrom;
    private String rejectedYaml;
    private List<Rejection> rejections = List.of();

    public String yaml() {
        return yaml;
    }

    public void update(String yaml) {
        this.yaml = yaml;
    }

    public void startEditing(String yaml, StartedFrom from) {
        this.yaml = yaml;
        this.startedFrom = from;
    }

    public void startNew(String yaml) {
        this.yaml = yaml;
        this.startedFrom = null;
    }

    public StartedFrom startedFrom() {
        return startedFrom;
    }

    public void rejectedByApiServer(List<Rejection> rejections) {
        this.rejectedYaml = yaml;
        this.rejections = List.copyOf(rejections);
    }

    public List<Rejection> rejections() {
        return yaml != null && yaml.equals(rejectedYaml) ? rejections : List.of();
    }

    public boolean present() {
        return yaml != null && !yaml.isBlank();
    }
}
