package io.netfence.admin.push;

import java.io.Serializable;

/** A NetworkPolicy at the version a user started editing from. */
public record PolicyRef(String namespace, String name, String resourceVersion) implements Serializable {

    public String key() {
        return namespace + "/" + name;
    }

    public boolean names(String namespace, String name) {
        return this.namespace.equals(namespace) && this.name.equals(name);
    }
}
