package io.netfence.admin.paging;

import java.util.List;

/** A JSON list as the Kubernetes API shapes one: {@code {"kind":"PodList","metadata":{"continue":...},"items":[...]}}. */
public record ItemList<T>(String kind, ListMetadata metadata, List<T> items) {

    public static <T> ItemList<T> of(String kind, Page<T> page) {
        return new ItemList<>(kind, ListMetadata.of(page), page.items());
    }
}
