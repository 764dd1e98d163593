package io.netfence.admin.pods;

import java.util.List;

/**
 * The pods matching a namespace and selector filter, or the error of an unparseable selector (then no pods).
 */
public record PodListing(String namespace, String selector, String selectorError, List<String> namespaces,
                         List<NamespaceRow> namespaceRows, List<PodRow> pods) {

    /** A namespace with its live labels (namespaceSelectors match these) and how many pods it runs. */
    public record NamespaceRow(String name, java.util.Map<String, String> labels, int pods, int policies) {
    }
}
