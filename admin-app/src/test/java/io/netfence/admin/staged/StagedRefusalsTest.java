package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netfence.admin.staged.StagedOutcome.Action;
import io.netfence.admin.staged.StagedOutcome.Status;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared refusals name the staged object as its kind does: {@code ns/name} for a namespaced one, the name for a cluster one. */
class StagedRefusalsTest {

    static final StagedRefusals.Target NAMESPACED = new StagedRefusals.Target("StagedNetworkPolicy", "shop", "api");
    static final StagedRefusals.Target CLUSTER = new StagedRefusals.Target("StagedClusterNetworkPolicy", null, "deny-all");

    static KubernetesClientException refused(int code) {
        return new KubernetesClientException(new StatusBuilder().withCode(code).withMessage("because " + code).build());
    }

    static GenericKubernetesResource at(String rv) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setMetadata(new ObjectMetaBuilder().withResourceVersion(rv).build());
        return r;
    }

    @Test
    void aRefusedDeleteOfAChangedObjectIsAConflictAtItsCurrentVersion() {
        StagedOutcome o = StagedRefusals.refusedDelete(refused(409), Action.DELETE_STAGED, "delete", NAMESPACED, "5", () -> at("7"),
                "it was not deleted.");
        assertThat(o.status()).isEqualTo(Status.CONFLICT);
        assertThat(o.namespace()).isEqualTo("shop");
        assertThat(o.stagedResourceVersion()).isEqualTo("7");
        assertThat(o.message()).isEqualTo("StagedNetworkPolicy shop/api was changed since you loaded it (you started from "
                + "resourceVersion 5, it is now 7); it was not deleted. Look at the current version first.");
        assertThat(o.errors()).singleElement().satisfies(e -> assertThat(e.path()).isEqualTo("metadata.resourceVersion"));
    }

    @Test
    void a404IsNotFoundAndAConflictWithTheObjectGoneFailsWithTheServersReason() {
        StagedOutcome missing = StagedRefusals.refusedDelete(refused(404), Action.ENFORCE, "dry run of the delete", CLUSTER, "5", () -> at("9"),
                "nothing was written.");
        assertThat(missing.status()).isEqualTo(Status.NOT_FOUND);
        assertThat(missing.namespace()).isNull();
        assertThat(missing.name()).isEqualTo("deny-all");
        assertThat(missing.message()).isEqualTo("StagedClusterNetworkPolicy deny-all does not exist (any more); nothing was written.");
        StagedOutcome gone = StagedRefusals.refusedDelete(refused(409), Action.ENFORCE, "dry run of the delete", CLUSTER, "5", () -> null,
                "nothing was written.");
        assertThat(gone.status()).isEqualTo(Status.FAILED);
        assertThat(gone.message()).isEqualTo("The API server refused the dry run of the delete of StagedClusterNetworkPolicy deny-all "
                + "(HTTP 409): because 409; nothing was written.");
    }

    @Test
    void aForbiddenDeleteIsAnAccessDenialAndAnyOtherRefusalFailsWithTheServersReason() {
        assertThatThrownBy(() -> StagedRefusals.refusedDelete(refused(403), Action.DELETE_STAGED, "delete", CLUSTER, "5", () -> at("5"), "x"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("the API server refused the delete of StagedClusterNetworkPolicy deny-all: because 403");
        StagedOutcome o = StagedRefusals.refusedDelete(refused(500), Action.DELETE_STAGED, "delete", NAMESPACED, "5", () -> at("5"),
                "it was not deleted.");
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.stagedResourceVersion()).isEqualTo("5");
        assertThat(o.message()).isEqualTo("The API server refused the delete of StagedNetworkPolicy shop/api (HTTP 500): because 500; "
                + "it was not deleted.");
    }

    @Test
    void aRefusedPushOfTheEnforcingPolicyKeepsInvalidAndNotFoundAndIsOtherwiseAFailure() {
        assertThat(StagedRefusals.ofRefusedPush(io.netfence.admin.push.PushOutcome.Status.INVALID)).isEqualTo(Status.INVALID);
        assertThat(StagedRefusals.ofRefusedPush(io.netfence.admin.push.PushOutcome.Status.NOT_FOUND)).isEqualTo(Status.NOT_FOUND);
        assertThat(StagedRefusals.ofRefusedPush(io.netfence.admin.push.PushOutcome.Status.CONFLICT)).isEqualTo(Status.FAILED);
        assertThat(StagedRefusals.ofRefusedPush(io.netfence.admin.push.PushOutcome.Status.FAILED)).isEqualTo(Status.FAILED);
    }
}
