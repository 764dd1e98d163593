package io.netfence.admin.clusterpolicies;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.admin.composer.DraftAnalysis.Problem;
import io.netfence.admin.composer.DraftAnalyzer;
import io.netfence.engine.lint.ClusterPolicyLinter;
import io.netfence.engine.manifest.ManifestError;
import io.netfence.engine.manifest.ManifestException;
import io.netfence.engine.manifest.ManifestObject;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.manifest.ParsedManifest;
import io.netfence.engine.manifest.SkippedObject;
import io.netfence.engine.manifest.UnknownKinds;
import io.netfence.engine.snapshot.ClusterNetworkPolicyConverter;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.validation.FieldError;
import io.netfence.engine.validation.Policies;
import io.netfence.engine.validation.ValidatedClusterNetworkPolicy;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a ClusterNetworkPolicy draft (YAML or JSON text of one object), validates it as the API server does with the
 * upstream CRD ({@code ClusterNetworkPolicyValidator}), lints it ({@link ClusterPolicyLinter}) and resolves it against
 * the live cluster.
 */
@Service
public class ClusterDraftAnalyzer {

    private static final String WHAT = "the composer edits one " + ClusterNetworkPolicyConverter.API_VERSION + " ClusterNetworkPolicy";

    private final ManifestParser parser = new ManifestParser(DraftAnalyzer.MAX_DRAFT_BYTES, UnknownKinds.REPORT);

    public ClusterDraftAnalysis analyze(String text, ClusterSnapshot snapshot) {
        if (text == null || text.isBlank()) {
            return ClusterDraftAnalysis.failed(List.of(new Problem(null,
                    "The draft is empty: pick a template, fill in the form or paste a ClusterNetworkPolicy.", 0)), null);
        }
        ParsedManifest parsed;
        try {
            parsed = parser.parse(text);
        } catch (ManifestException e) {
            List<Problem> problems = new ArrayList<>();
            for (ManifestError err : e.errors()) {
                problems.add(new Problem(null, err.message(), err.location() == null ? 0 : err.location().line()));
            }
            return ClusterDraftAnalysis.failed(problems, null);
        }
        List<Problem> problems = new ArrayList<>();
        for (SkippedObject s : parsed.skipped()) {
            problems.add(new Problem("kind", "kind: " + s.kind() + " (" + s.describe() + ") is not a ClusterNetworkPolicy: " + WHAT,
                    s.location().line()));
        }
        List<ManifestObject> policies = parsed.objects().stream().filter(ClusterDraftAnalyzer::isClusterPolicy).toList();
        for (ManifestObject o : parsed.objects()) {
            if (!isClusterPolicy(o)) {
                problems.add(new Problem("kind", "kind: " + o.kind() + " (" + o.reference() + ") is not a ClusterNetworkPolicy: " + WHAT,
                        o.location().line()));
            }
        }
        if (policies.size() > 1) {
            problems.add(new Problem(null, "the text holds " + policies.size()
                    + " ClusterNetworkPolicies; the composer edits one at a time (keep one document)", policies.get(1).location().line()));
        }
        if (policies.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(new Problem(null, "no ClusterNetworkPolicy found: the text needs apiVersion: "
                        + ClusterNetworkPolicyConverter.API_VERSION + " and kind: ClusterNetworkPolicy", 0));
            }
            return ClusterDraftAnalysis.failed(problems, null);
        }
        ManifestObject object = policies.get(0);
        GenericKubernetesResource cnp = (GenericKubernetesResource) object.resource();
        if (cnp.getMetadata() != null && cnp.getMetadata().getNamespace() != null && !cnp.getMetadata().getNamespace().isBlank()) {
            problems.add(new Problem("metadata.namespace", "metadata.namespace: a ClusterNetworkPolicy is cluster-scoped: remove the namespace",
                    object.locationOf("metadata.namespace").line()));
        }
        ValidatedClusterNetworkPolicy validated = Policies.fromClusterNetworkPolicy(cnp);
        for (FieldError fe : validated.errors()) {
            problems.add(new Problem(fe.path(), fe.toString(), object.locationOf(fe.path()).line()));
        }
        if (!problems.isEmpty() || !validated.valid()) {
            return ClusterDraftAnalysis.failed(problems, cnp);
        }
        return new ClusterDraftAnalysis(List.of(), ClusterPolicyLinter.lint(validated.policy(), snapshot),
                ClusterPolicyResolver.resolve(validated.policy(), snapshot.withClusterNetworkPolicy(validated.policy())), validated.policy(), cnp);
    }

    private static boolean isClusterPolicy(ManifestObject o) {
        return o.resource() instanceof GenericKubernetesResource g && ClusterNetworkPolicyConverter.KIND.equals(g.getKind());
    }
}
