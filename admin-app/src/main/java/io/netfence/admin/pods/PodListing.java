package io.netfence.admin.pods;

import java.util.List;

/**
 * The pods matching a namespace and selector filter, or the error of an unparseable selector (then no pods).
 */
public record PodListing(String namespace, String selector, String selectorError, List<String> namespaces,
                         List<PodRow> pods) {
}
