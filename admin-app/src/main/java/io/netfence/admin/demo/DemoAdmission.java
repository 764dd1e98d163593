package io.netfence.admin.demo;

import java.util.Optional;

/**
 * The demo cluster's one admission rule, so the demo shows what a real cluster's admission control does to a push:
 * like a ValidatingAdmissionPolicy with {@code reason: Invalid} and a {@code fieldPath}, it refuses NetworkPolicies in
 * kube-system (422 with the field) on the dry run and on the write alike. The console's own validation cannot know
 * such rules; the push pipeline's dry run finds them before anything is written.
 */
final class DemoAdmission {

    static final String PROTECTED_NAMESPACE = "kube-system";
    static final String POLICY = "demo-protect-kube-system";

    private DemoAdmission() {
    }

    /** The denial message for a create or update of a NetworkPolicy at this API path, empty when admitted. */
    static Optional<String> deny(String path) {
        if (path.contains("/namespaces/" + PROTECTED_NAMESPACE + "/networkpolicies")) {
            return Optional.of("ValidatingAdmissionPolicy '" + POLICY + "' with binding '" + POLICY + "-binding' denied request: "
                    + "NetworkPolicies in kube-system are managed by the platform team; choose another namespace");
        }
        return Optional.empty();
    }
}
