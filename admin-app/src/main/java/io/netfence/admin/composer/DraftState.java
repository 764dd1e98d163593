package io.netfence.admin.composer;

import java.io.Serializable;
import java.util.List;

/**
 * A browser session's draft text, the stored version it was opened from ({@code S}, null for a new object) and the
 * API server's refusals of exactly the current text. One per kind of draft, so working on one never loses another.
 */
public abstract class DraftState<S extends Serializable> implements Serializable {

    /** A field the API server refused when this exact draft text was pushed (dry run or write). */
    public record Rejection(String path, String message) implements Serializable {
    }

    private String yaml;
    private S startedFrom;
    private String rejectedYaml;
    private List<Rejection> rejections = List.of();
    private long generation;

    public String yaml() {
        return yaml;
    }

    /** The text changed; it is still the same draft (of the same stored version, if any). */
    public void update(String yaml) {
        this.yaml = yaml;
    }

    /** A draft that edits a stored object at {@code from} (the composer's ?edit=, a rebase after a conflict). */
    public void startEditing(String yaml, S from) {
        this.yaml = yaml;
        this.startedFrom = from;
        generation++;
    }

    /** A draft of a new object (template, empty form, upload). */
    public void startNew(String yaml) {
        this.yaml = yaml;
        this.startedFrom = null;
        generation++;
    }

    /** Changes whenever another draft is started (edits of the same draft keep it): what a draft's side data belongs to. */
    public long generation() {
        return generation;
    }

    /** The stored version this draft was opened from; null for a new object. */
    public S startedFrom() {
        return startedFrom;
    }

    /** The API server refused the current text at these fields; shown in the composer until the text changes. */
    public void rejectedByApiServer(List<Rejection> rejections) {
        this.rejectedYaml = yaml;
        this.rejections = List.copyOf(rejections);
    }

    /** The API server's refusals of exactly the current text (empty once the draft changed). */
    public List<Rejection> rejections() {
        return yaml != null && yaml.equals(rejectedYaml) ? rejections : List.of();
    }

    public boolean present() {
        return yaml != null && !yaml.isBlank();
    }
}
