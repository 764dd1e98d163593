package io.netfence.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer item store that keeps a trimmed copy of each object: only the fields the engine reads. A real pod
 * is ~7 KiB of JSON (managedFields, status conditions, probes, volumes); kept whole, 10,000 of them cost a node agent
 * more heap than its container has. fabric8's {@code ReducedStateItemStore} keeps whole top-level fields only (all of
 * {@code spec.containers}, where the engine needs their ports) and rebuilds an object from a map on every read; this
 * store keeps typed objects, so reads cost nothing.
 * <p>
 * Reports full state (the default): during the initial list, fabric8 then notifies the handlers after the list with
 * the stored, trimmed object, and the page's full objects can be collected at once.
 */
final class TrimmingItemStore<T extends HasMetadata> implements ItemStore<T> {

    private final ConcurrentHashMap<String, T> items = new ConcurrentHashMap<>();
    private final UnaryOperator<T> trim;

    TrimmingItemStore(UnaryOperator<T> trim) {
        this.trim = trim;
    }

    @Override
    public String getKey(T obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    @Override
    public T put(String key, T obj) {
        return items.put(key, trim.apply(obj));
    }

    @Override
    public T remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return items.values().stream();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public T get(String key) {
        return items.get(key);
    }
}
