package io.netfence.admin.push;

import io.netfence.admin.composer.DraftAnalyzer;
import io.netfence.admin.security.Actor;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pushes a multi-document YAML of NetworkPolicies (one or many namespaces) all-or-nothing up to the write step: every
 * document is validated and authorized, then every one is dry-run by the API server, and only when all pass are they
 * written, in order. If a write fails midway the outcome says exactly which objects were written.
 */
@Service
public class BundleService {

    /** A bundle is a handful of policies; the limit keeps one request from tying up the server. */
    public static final int MAX_DOCUMENTS = 200;
    public static final long MAX_BYTES = 64L * DraftAnalyzer.MAX_DRAFT_BYTES;

    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---[ \\t]*(#.*)?$");

    private final PushService push;

    public BundleService(PushService push) {
        this.push = push;
    }

    /** @throws AccessDeniedException when the actor may not write one of the objects (then nothing is written) */
    public BundleOutcome push(Actor actor, String text, boolean dryRunOnly) {
        if (text != null && text.length() > MAX_BYTES) {
            return refused("The bundle has " + text.length() + " characters, the limit is " + MAX_BYTES + "; nothing was written.", List.of());
        }
        List<Document> docs = documents(text == null ? "" : text);
        if (docs.isEmpty()) {
            return refused("The bundle holds no document: give NetworkPolicies separated by '---' lines; nothing was written.", List.of());
        }
        if (docs.size() > MAX_DOCUMENTS) {
            return refused("The bundle holds " + docs.size() + " documents, the limit is " + MAX_DOCUMENTS + "; nothing was written.", List.of());
        }
        List<PushService.Prepared> prepared = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean refused = false;
        for (Document d : docs) {
            PushService.Prepared p = push.prepare(actor, d.text(), null);
            if (p.refused() == null) {
                Integer first = seen.putIfAbsent(p.namespace() + "/" + p.name(), d.number());
                if (first != null) {
                    p = PushService.Prepared.refusedWith(new PushOutcome(PushOutcome.Status.INVALID, p.verb(), p.namespace(), p.name(),
                            "NetworkPolicy " + p.namespace() + "/" + p.name() + " is also document " + first + " of the bundle.",
                            List.of(new FieldProblem("metadata.name", "duplicate: document " + first + " is the same NetworkPolicy; keep one")),
                            d.text(), null, null));
                }
            }
            refused |= p.refused() != null;
            prepared.add(p);
        }
        if (refused) {
            List<BundleOutcome.Item> items = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                PushService.Prepared p = prepared.get(i);
                items.add(p.refused() != null ? item(docs.get(i), stateOf(p.refused()), p.refused()) : item(docs.get(i), BundleOutcome.State.NOT_WRITTEN,
                        pending(p, "valid; not written because another document of the bundle is not")));
            }
            return refused("Some documents cannot be pushed (see below); nothing was written.", items);
        }
        List<PushOutcome> dryRuns = prepared.stream().map(push::dryRun).toList();
        boolean dryRunOk = dryRuns.stream().allMatch(o -> o.status() == PushOutcome.Status.DRY_RUN_OK);
        if (!dryRunOk || dryRunOnly) {
            List<BundleOutcome.Item> items = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                PushOutcome o = dryRuns.get(i);
                boolean ok = o.status() == PushOutcome.Status.DRY_RUN_OK;
                items.add(item(docs.get(i), ok ? (dryRunOk ? BundleOutcome.State.DRY_RUN_OK : BundleOutcome.State.NOT_WRITTEN)
                        : o.status() == PushOutcome.Status.CONFLICT ? BundleOutcome.State.CONFLICT : BundleOutcome.State.DRY_RUN_FAILED, o));
            }
            return dryRunOk
                    ? new BundleOutcome(BundleOutcome.Status.DRY_RUN_OK, "Dry run: the API server accepts all " + docs.size()
                    + " objects; nothing was written.", items, 0)
                    : refused("The API server's dry run refused some objects (see below); nothing was written.", items);
        }
        List<BundleOutcome.Item> items = new ArrayList<>();
        int written = 0;
        PushOutcome failed = null;
        for (int i = 0; i < docs.size(); i++) {
            if (failed != null) {
                items.add(item(docs.get(i), BundleOutcome.State.NOT_ATTEMPTED, pending(prepared.get(i), "not attempted: an earlier write failed")));
                continue;
            }
            PushOutcome o = push.write(prepared.get(i));
            if (o.written()) {
                written++;
                items.add(item(docs.get(i), BundleOutcome.State.WRITTEN, o));
            } else {
                failed = o;
                items.add(item(docs.get(i), BundleOutcome.State.WRITE_FAILED, o));
            }
        }
        if (failed == null) {
            return new BundleOutcome(BundleOutcome.Status.WRITTEN, "Wrote all " + written + " objects.", items, written);
        }
        return new BundleOutcome(BundleOutcome.Status.PARTIAL, "The write of " + failed.key() + " failed after " + written
                + " of " + docs.size() + " objects were written: exactly the rows marked WRITTEN are in the cluster.", items, written);
    }

    private static BundleOutcome refused(String message, List<BundleOutcome.Item> items) {
        return new BundleOutcome(BundleOutcome.Status.REFUSED, message, items, 0);
    }

    private static BundleOutcome.State stateOf(PushOutcome o) {
        return o.status() == PushOutcome.Status.CONFLICT || o.status() == PushOutcome.Status.NOT_FOUND
                ? BundleOutcome.State.CONFLICT : BundleOutcome.State.INVALID;
    }

    private static PushOutcome pending(PushService.Prepared p, String message) {
        return new PushOutcome(PushOutcome.Status.DRY_RUN_OK, p.verb(), p.namespace(), p.name(), message, List.of(), p.draftText(), p.current(), null);
    }

    private static BundleOutcome.Item item(Document d, BundleOutcome.State state, PushOutcome o) {
        return new BundleOutcome.Item(d.number(), d.line(), state, o);
    }

    record Document(int number, int line, String text) {
    }

    /** The non-empty documents of a multi-document YAML, each with its first line. */
    static List<Document> documents(String text) {
        List<Document> out = new ArrayList<>();
        Matcher m = SEPARATOR.matcher(text);
        int start = 0;
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[]{start, m.start()});
            start = m.end();
        }
        spans.add(new int[]{start, text.length()});
        for (int[] span : spans) {
            String doc = text.substring(span[0], span[1]);
            int docLine = 1 + (int) text.substring(0, span[0]).chars().filter(c -> c == '\n').count();
            if (!doc.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
                out.add(new Document(out.size() + 1, docLine + leadingBlankLines(doc), doc));
            }
        }
        return out;
    }

    private static int leadingBlankLines(String doc) {
        int n = 0;
        for (String l : doc.split("\n", -1)) {
            if (!l.isBlank()) {
                break;
            }
            n++;
        }
        return n;
    }
}
