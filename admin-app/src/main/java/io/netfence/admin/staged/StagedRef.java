package io.netfence.admin.staged;

import java.io.Serializable;

/** A StagedNetworkPolicy at the resourceVersion a user opened it in the composer. */
public record StagedRef(String namespace, String name, String resourceVersion) implements Serializable {

    public String key() {
        return namespace + "/" + name;
    }

    public boolean names(String namespace, String name) {
        return this.namespace.equals(namespace) && this.name.equals(name);
    }
}
