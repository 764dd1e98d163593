package io.netfence.admin.push;

import java.io.Serializable;
import java.util.List;

/**
 * How a bundle push ended, object by object.
 *
 * @param written how many objects were written (0 unless every object passed validation and the dry run)
 */
public record BundleOutcome(Status status, String message, List<Item> items, int written) implements Serializable {

    /**
     * WRITTEN: all written; DRY_RUN_OK: all would be; REFUSED: some object failed validation or the dry run, nothing
     * written; PARTIAL: a write failed midway, the items say exactly which were written.
     */
    public enum Status { WRITTEN, DRY_RUN_OK, REFUSED, PARTIAL }

    /**
     * One document of the bundle.
     *
     * @param document 1-based position in the bundle
     * @param line     the line the document starts at
     */
    public record Item(int document, int line, State state, PushOutcome outcome) implements Serializable {

        public String key() {
            return outcome.namespace() + "/" + outcome.name();
        }
    }

    public enum State { INVALID, CONFLICT, DRY_RUN_FAILED, DRY_RUN_OK, NOT_WRITTEN, WRITTEN, WRITE_FAILED, NOT_ATTEMPTED }

    public BundleOutcome {
        items = List.copyOf(items);
    }
}
