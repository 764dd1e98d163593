package io.netfence.engine.manifest;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.engine.snapshot.StagedPolicyConverter;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLReadFeature;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads Kubernetes objects from YAML or JSON text: a single object, a multi-document YAML stream, or a
 * {@code kind: List} as {@code kubectl get namespaces,nodes,pods,networkpolicies -A -o yaml} prints (typed
 * lists such as {@code PodList}, whose items may omit kind and apiVersion, too). Namespace, Node, Pod
 * ({@code v1}) and NetworkPolicy ({@code networking.k8s.io/v1}) become fabric8 model objects; other kinds are
 * handled as {@link UnknownKinds} says.
 *
 * <p>Errors name the document, the list item, the object and the field with its line, and are collected
 * across objects so one upload reports all its problems at once. The text size is checked before parsing.
 * Parsing only, no semantic checks: see {@link SnapshotAssembler} and the validation package.
 */
public final class ManifestParser {

    /** 4 MiB: a few thousand pods as {@code kubectl -o yaml} prints them. */
    public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;

    private static final Map<String, KnownKind> KINDS = Map.of(
            "Namespace", new KnownKind("v1", Namespace.class),
            "Node", new KnownKind("v1", Node.class),
            "Pod", new KnownKind("v1", Pod.class),
            "NetworkPolicy", new KnownKind("networking.k8s.io/v1", NetworkPolicy.class),
            // no typed model: read in generic form, validated against the upstream CRD by ClusterNetworkPolicyValidator
            "ClusterNetworkPolicy", new KnownKind("policy.networking.k8s.io/v1alpha2", GenericKubernetesResource.class));

    /** Read only when asked ({@link #withStagedPolicies()}): the console's composer and uploads do not take it. */
    private static final KnownKind STAGED = new KnownKind(StagedPolicyConverter.GROUP + "/" + StagedPolicyConverter.VERSION,
            GenericKubernetesResource.class);

    private record KnownKind(String apiVersion, Class<? extends HasMetadata> type) {
    }

    private final long maxBytes;
    private final UnknownKinds unknownKinds;
    private final boolean stagedPolicies;
    private final ObjectMapper yaml;
    private final ObjectMapper json;
    private final ObjectMapper binder;

    public ManifestParser(long maxBytes, UnknownKinds unknownKinds) {
        this(maxBytes, unknownKinds, false);
    }

    private ManifestParser(long maxBytes, UnknownKinds unknownKinds, boolean stagedPolicies) {
        this.stagedPolicies = stagedPolicies;
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
        this.unknownKinds = unknownKinds;
        // snakeyaml-engine refuses documents above its own code point limit (3 MB by default): lift it to ours.
        LoadSettings load = LoadSettings.builder()
                .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxBytes + 1))
                .setMaxAliasesForCollections(50)
                .build();
        // Duplicate keys are caught by LocatedTreeReader, which can name the whole path.
        this.yaml = YAMLMapper.builder(YAMLFactory.builder().loadSettings(load)
                .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                // `podSelector:` with no value is null to the API server (sigs.k8s.io/yaml), not an empty string
                .enable(YAMLReadFeature.EMPTY_STRING_AS_NULL).build();
        this.json = JsonMapper.builder(JsonFactory.builder().disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()).build();
        // Strict like the API server: "80" is not an int, 80.5 is not an int, "true" is not a boolean.
        this.binder = JsonMapper.builder()
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .build();
    }

    /** Size limit {@link #DEFAULT_MAX_BYTES}; other kinds are ignored. */
    public static ManifestParser withDefaults() {
        return new ManifestParser(DEFAULT_MAX_BYTES, UnknownKinds.IGNORE);
    }

    /**
     * This parser, also reading {@code StagedNetworkPolicy} and {@code StagedClusterNetworkPolicy} ({@code netfence.io/v1alpha1})
     * objects in generic form, as
     * {@code node-agent render} does: what the agents count is part of what they apply.
     */
    public ManifestParser withStagedPolicies() {
        return new ManifestParser(maxBytes, unknownKinds, true);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Parses {@code text}.
     *
     * @throws ManifestException listing every problem (syntax, unknown kinds when rejected, fields of the
     *                           wrong type); nothing is returned half-parsed
     */
    public ParsedManifest parse(String text) {
        if (text == null) {
            throw new ManifestException(new ManifestError(null, null, "no manifest text given"));
        }
        long size = utf8LengthUpTo(text, maxBytes + 1);
        if (size > maxBytes) {
            throw new ManifestException(new ManifestError(null, null, "manifest is larger than the limit of "
                    + maxBytes + " bytes; split it into smaller files or raise the limit"));
        }
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return read(text, json, "JSON");
            } catch (ManifestException jsonError) {
                // A YAML flow mapping ({apiVersion: v1, ...}) also starts with a brace: give YAML a chance, but
                // report the JSON problem if YAML cannot read it either.
                try {
                    return read(text, yaml, "YAML");
                } catch (ManifestException yamlError) {
                    throw jsonError;
                }
            }
        }
        return read(text, yaml, "YAML");
    }

    /** The 1-based YAML document holding {@code line}: separators ({@code ---}) before it, a leading one not counted. */
    static int documentAt(String text, int line) {
        String[] lines = text.split("\n", -1);
        int document = 1;
        boolean content = false;
        for (int i = 0; i < Math.min(line - 1, lines.length); i++) {
            if (lines[i].startsWith("---")) {
                if (content) {
                    document++;
                }
                content = false;
            } else if (!lines[i].isBlank() && !lines[i].stripLeading().startsWith("#")) {
                content = true;
            }
        }
        return document;
    }

    private ParsedManifest read(String text, ObjectMapper mapper, String format) {
        Reader reader = new Reader();
        try (JsonParser parser = mapper.createParser(text)) {
            int document = 0;
            while (parser.nextToken() != null) {
                document++;
                if (parser.currentToken() == JsonToken.VALUE_NULL
                        || (parser.currentToken() == JsonToken.VALUE_STRING && parser.getString().isEmpty())) {
                    continue; // an empty YAML document ("---" followed by nothing)
                }
                ManifestLocation at = new ManifestLocation(document, null, parser.currentTokenLocation().getLineNr());
                LineIndex lines = new LineIndex();
                JsonNode root;
                try {
                    root = LocatedTreeReader.read(parser, lines, "");
                } catch (LocatedTreeReader.DuplicateKeyException e) {
                    throw new ManifestException(new ManifestError(at.withLine(e.line), null, e.getMessage()));
                } catch (LocatedTreeReader.AliasException e) {
                    throw new ManifestException(new ManifestError(at.withLine(e.line), null, e.getMessage()));
                }
                reader.document(root, at, lines, "", null);
            }
        } catch (JacksonException e) {
            var readable = YamlSyntaxError.of(e, text);
            if (readable.isPresent()) {
                throw new ManifestException(new ManifestError(new ManifestLocation(documentAt(text, readable.get().line()), null,
                        readable.get().line()), null, readable.get().message()));
            }
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ManifestException(new ManifestError(null, null, format + " syntax error"
                    + (line > 0 ? " at line " + line : "") + ": " + firstLine(e.getOriginalMessage())));
        }
        if (!reader.errors.isEmpty()) {
            throw new ManifestException(reader.errors);
        }
        return new ParsedManifest(reader.objects, reader.skipped);
    }

    /** Collects objects and errors over all documents of one text. */
    private final class Reader {
        final List<ManifestObject> objects = new ArrayList<>();
        final List<SkippedObject> skipped = new ArrayList<>();
        final List<ManifestError> errors = new ArrayList<>();

        /**
         * One object at {@code path} of a document; {@code defaults} supplies kind/apiVersion for items of typed
         * lists (PodList items carry neither).
         */
        void document(JsonNode node, ManifestLocation documentAt, LineIndex lines, String path, String[] defaults) {
            ManifestLocation at = documentAt.withItem(path.isEmpty() ? null : path).withLine(lines.lineOf(path));
            if (!node.isObject()) {
                errors.add(new ManifestError(at, null, "expected a Kubernetes object (a mapping with apiVersion and kind), got "
                        + describe(node)));
                return;
            }
            String kind = text(node, "kind", defaults == null ? null : defaults[0]);
            String apiVersion = text(node, "apiVersion", defaults == null ? null : defaults[1]);
            String namespace = node.path("metadata").path("namespace").isString() ? node.path("metadata").path("namespace").asString() : null;
            String name = node.path("metadata").path("name").isString() ? node.path("metadata").path("name").asString() : null;
            if (kind == null || kind.isEmpty()) {
                errors.add(new ManifestError(at, null, "kind: Required value: every object needs a kind (e.g. NetworkPolicy)"));
                return;
            }
            String ref = ManifestObject.reference(kind, namespace, name);
            if (kind.endsWith("List") && (node.has("items") || "List".equals(kind))) {
                list(node, kind, apiVersion, documentAt, lines, path, ref, at);
                return;
            }
            if (apiVersion == null || apiVersion.isEmpty()) {
                errors.add(new ManifestError(at, ref, "apiVersion: Required value"));
                return;
            }
            KnownKind known = stagedPolicies && (StagedPolicyConverter.KIND.equals(kind)
                    || io.netfence.engine.snapshot.StagedClusterNetworkPolicyConverter.KIND.equals(kind)) ? STAGED : KINDS.get(kind);
            if (known == null) {
                switch (unknownKinds) {
                    case IGNORE -> { }
                    case REPORT -> skipped.add(new SkippedObject(at, apiVersion, kind, namespace, name));
                    case REJECT -> errors.add(new ManifestError(at, ref, "kind: Unsupported value: \"" + kind
                            + "\": supported kinds: Namespace, Node, Pod, NetworkPolicy, ClusterNetworkPolicy (and List of them)"));
                }
                return;
            }
            if (!known.apiVersion().equals(apiVersion)) {
                errors.add(new ManifestError(at.withLine(lines.lineOf(LineIndex.child(path, "apiVersion"))), ref,
                        "apiVersion: Unsupported value: \"" + apiVersion + "\": " + kind + " must be " + known.apiVersion()));
                return;
            }
            LineIndex objectLines = lines.relativeTo(path);
            try {
                HasMetadata resource = binder.treeToValue(node, known.type());
                if (resource instanceof GenericKubernetesResource generic) {
                    // items of a typed list carry neither: the generic form has no class to imply them
                    generic.setKind(kind);
                    generic.setApiVersion(apiVersion);
                }
                objects.add(new ManifestObject(at, resource,
                        resource instanceof NetworkPolicy || resource instanceof GenericKubernetesResource ? objectLines : null));
            } catch (JacksonException e) {
                String field = fieldPath(e);
                errors.add(new ManifestError(at.withLine(objectLines.lineOf(field)), ref,
                        (field.isEmpty() ? "" : field + ": ") + expectation(e)));
            }
        }

        private void list(JsonNode node, String kind, String apiVersion, ManifestLocation documentAt, LineIndex lines,
                          String path, String ref, ManifestLocation at) {
            JsonNode items = node.get("items");
            if (items == null || items.isNull()) {
                return;
            }
            if (!(items instanceof ArrayNode array)) {
                errors.add(new ManifestError(at.withLine(lines.lineOf(LineIndex.child(path, "items"))), ref,
                        "items: expected a list of objects, got " + describe(items)));
                return;
            }
            // A PodList's items are Pods of the list's apiVersion; a plain List's items name their own kind.
            String[] itemDefaults = "List".equals(kind) ? null
                    : new String[]{kind.substring(0, kind.length() - "List".length()), apiVersion};
            for (int i = 0; i < array.size(); i++) {
                document(array.get(i), documentAt, lines, LineIndex.index(LineIndex.child(path, "items"), i), itemDefaults);
            }
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.asString() : fallback;
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isNull()) {
            return "null";
        }
        return (node.isString() ? "string " : node.isNumber() ? "number " : node.isBoolean() ? "boolean " : "")
                + node.toString();
    }

    /** {@code spec.ingress[0].ports[0].port} from Jackson's reference chain. */
    private static String fieldPath(JacksonException e) {
        String path = "";
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                path = LineIndex.child(path, r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                path = LineIndex.index(path, r.getIndex());
            }
        }
        return path;
    }

    private static String expectation(JacksonException e) {
        Class<?> t = e instanceof MismatchedInputException m ? m.getTargetType()
                : e instanceof ValueInstantiationException v && v.getType() != null ? v.getType().getRawClass() : null;
        if (t != null) {
            String expected;
            if (t == IntOrString.class) {
                expected = "int or string";
            } else if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
                expected = "int";
            } else if (t == Boolean.class || t == boolean.class) {
                expected = "boolean";
            } else if (t == String.class) {
                expected = "string";
            } else if (Collection.class.isAssignableFrom(t)) {
                expected = "a list";
            } else if (Map.class.isAssignableFrom(t) || !t.getName().startsWith("java.")) {
                expected = "a mapping";
            } else {
                expected = t.getSimpleName();
            }
            return "expected " + expected;
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    /** UTF-8 length of {@code s}, counting no further than {@code stopAt}. */
    private static long utf8LengthUpTo(String s, long stopAt) {
        if (s.length() > stopAt) {
            return s.length(); // every char is at least one byte
        }
        long n = 0;
        for (int i = 0; i < s.length() && n < stopAt; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
