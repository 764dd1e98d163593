package io.netfence.admin.composer;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.admin.policies.PolicyResolver;
import io.netfence.engine.lint.LintWarning;
import io.netfence.engine.lint.PolicyLinter;
import io.netfence.engine.manifest.ManifestError;
import io.netfence.engine.manifest.ManifestException;
import io.netfence.engine.manifest.ManifestObject;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.manifest.ParsedManifest;
import io.netfence.engine.manifest.SkippedObject;
import io.netfence.engine.manifest.UnknownKinds;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.validation.FieldError;
import io.netfence.engine.validation.Policies;
import io.netfence.engine.validation.ValidatedPolicy;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;

/** Reads a draft (YAML or JSON text of one NetworkPolicy), validates it as the API server would, lints it. */
@Service
public class DraftAnalyzer {

    /** A single NetworkPolicy is a few kB; the limit keeps a pasted dump from tying up the server. */
    public static final long MAX_DRAFT_BYTES = 256 * 1024;

    /** Analyses kept per snapshot: one page view analyses the session's draft several times (preview, push plan, matrix). */
    static final int CACHED_TEXTS = 8;

    private final ManifestParser parser = new ManifestParser(MAX_DRAFT_BYTES, UnknownKinds.REPORT);

    private record Cache(ClusterSnapshot snapshot, java.util.Map<String, DraftAnalysis> byText) {
    }

    private Cache cache = new Cache(null, java.util.Map.of());

    /**
     * The analysis of {@code text} against {@code snapshot}; the same text against the same snapshot is analysed once
     * (lint and peer resolution take hundreds of milliseconds at 10,000 pods). The NetworkPolicy of the result is the
     * caller's own copy.
     */
    public DraftAnalysis analyze(String text, ClusterSnapshot snapshot) {
        DraftAnalysis known;
        synchronized (this) {
            if (cache.snapshot() != snapshot) {
                cache = new Cache(snapshot, new java.util.LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(java.util.Map.Entry<String, DraftAnalysis> eldest) {
                        return size() > CACHED_TEXTS;
                    }
                });
            }
            known = text == null ? null : cache.byText().get(text);
        }
        if (known == null) {
            known = analyzeNow(text, snapshot);
            if (text != null) {
                synchronized (this) {
                    if (cache.snapshot() == snapshot) {
                        cache.byText().put(text, known);
                    }
                }
            }
        }
        // fabric8 objects are mutable and callers build writes from this one
        return known.networkPolicy() == null ? known : known.withNetworkPolicy(
                new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder(known.networkPolicy()).build());
    }

    private DraftAnalysis analyzeNow(String text, ClusterSnapshot snapshot) {
        if (text == null || text.isBlank()) {
            return DraftAnalysis.failed(List.of(new DraftAnalysis.Problem(null,
                    "The draft is empty: pick a template, fill in the form or paste a NetworkPolicy.", 0)), null);
        }
        ParsedManifest parsed;
        try {
            parsed = parser.parse(text);
        } catch (ManifestException e) {
            List<DraftAnalysis.Problem> problems = new ArrayList<>();
            for (ManifestError err : e.errors()) {
                problems.add(new DraftAnalysis.Problem(null, err.message(), err.location() == null ? 0 : err.location().line()));
            }
            return DraftAnalysis.failed(problems, null);
        }
        List<DraftAnalysis.Problem> problems = new ArrayList<>();
        for (SkippedObject s : parsed.skipped()) {
            problems.add(new DraftAnalysis.Problem("kind", "kind: " + s.kind() + " (" + s.describe() + ") is not a NetworkPolicy: the composer "
                    + "edits one networking.k8s.io/v1 NetworkPolicy", s.location().line()));
        }
        List<ManifestObject> policies = parsed.objects().stream().filter(o -> o.resource() instanceof NetworkPolicy).toList();
        for (ManifestObject o : parsed.objects()) {
            if (!(o.resource() instanceof NetworkPolicy)) {
                problems.add(new DraftAnalysis.Problem("kind", "kind: " + o.kind() + " (" + o.reference() + ") is not a NetworkPolicy: the composer "
                        + "edits one networking.k8s.io/v1 NetworkPolicy", o.location().line()));
            }
        }
        if (policies.size() > 1) {
            problems.add(new DraftAnalysis.Problem(null, "the text holds " + policies.size()
                    + " NetworkPolicies; the composer edits one at a time (keep one document)", policies.get(1).location().line()));
        }
        if (policies.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(new DraftAnalysis.Problem(null, "no NetworkPolicy found: the text needs apiVersion: networking.k8s.io/v1 and kind: NetworkPolicy", 0));
            }
            return DraftAnalysis.failed(problems, null);
        }
        ManifestObject object = policies.get(0);
        NetworkPolicy np = (NetworkPolicy) object.resource();
        if (np.getMetadata() == null || np.getMetadata().getNamespace() == null || np.getMetadata().getNamespace().isBlank()) {
            problems.add(new DraftAnalysis.Problem("metadata.namespace", "metadata.namespace: Required value: choose the namespace the policy goes to",
                    object.locationOf("metadata").line()));
        } else if (snapshot.namespace(np.getMetadata().getNamespace()).isEmpty()) {
            problems.add(new DraftAnalysis.Problem("metadata.namespace", "metadata.namespace: namespace \"" + np.getMetadata().getNamespace()
                    + "\" does not exist in the cluster", object.locationOf("metadata.namespace").line()));
        }
        ValidatedPolicy validated = Policies.fromNetworkPolicy(np);
        for (FieldError fe : validated.errors()) {
            // the namespace check above already says it, in the composer's words: each problem once
            if (!(fe.path().equals("metadata.namespace") && problems.stream().anyMatch(p -> "metadata.namespace".equals(p.path())))) {
                problems.add(new DraftAnalysis.Problem(fe.path(), fe.toString(), object.locationOf(fe.path()).line()));
            }
        }
        if (!problems.isEmpty() || !validated.valid()) {
            return DraftAnalysis.failed(problems, np);
        }
        List<LintWarning> warnings;
        try {
            warnings = PolicyLinter.lint(object, snapshot);
        } catch (RuntimeException e) {
            warnings = PolicyLinter.lint(validated.policy(), snapshot);
        }
        return new DraftAnalysis(List.of(), warnings, PolicyResolver.resolve(validated.policy(), snapshot), validated.policy(), np);
    }
}
