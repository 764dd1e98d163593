package io.netfence.admin.composer;

import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

import java.io.Serializable;

/**
 * The draft of this browser session, shared by the composer, the preview and the connectivity pages, and the policy
 * version it was opened from (kept with the draft so a push updates exactly the version the user started editing).
 */
@Component
@SessionScope
public class DraftSession implements Serializable {

    /**
     * A stored NetworkPolicy at the resourceVersion the user opened it.
     *
     * @param yaml the policy as the composer showed it then (name, labels, annotations, spec): what the user's edits
     *             are measured against when they are rebased onto a newer version
     */
    public record StartedFrom(String namespace, String name, String resourceVersion, String yaml) implements Serializable {
    }

    /** A field the API server refused when this exact draft text was pushed (dry run or write). */
    public record Rejection(String path, String message) implements Serializable {
    }

    private String yaml;
    private StartedFrom startedFrom;
    private String rejectedYaml;
    private java.util.List<Rejection> rejections = java.util.List.of();

    public String yaml() {
        return yaml;
    }

    /** The text changed; it is still the same draft (of the same stored version, if any). */
    public void update(String yaml) {
        this.yaml = yaml;
    }

    /** A draft that edits a stored policy at {@code from} (the composer's ?edit=, a rebase after a conflict). */
    public void startEditing(String yaml, StartedFrom from) {
        this.yaml = yaml;
        this.startedFrom = from;
    }

    /** A draft of a new policy (template, empty form, upload). */
    public void startNew(String yaml) {
        this.yaml = yaml;
        this.startedFrom = null;
    }

    /** The stored version this draft was opened from; null for a new policy. */
    public StartedFrom startedFrom() {
        return startedFrom;
    }

    /** The API server refused the current text at these fields; shown in the composer until the text changes. */
    public void rejectedByApiServer(java.util.List<Rejection> rejections) {
        this.rejectedYaml = yaml;
        this.rejections = java.util.List.copyOf(rejections);
    }

    /** The API server's refusals of exactly the current text (empty once the draft changed). */
    public java.util.List<Rejection> rejections() {
        return yaml != null && yaml.equals(rejectedYaml) ? rejections : java.util.List.of();
    }

    public boolean present() {
        return yaml != null && !yaml.isBlank();
    }
}
