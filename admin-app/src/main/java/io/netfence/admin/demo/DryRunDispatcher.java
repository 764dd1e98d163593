package io.netfence.admin.demo;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.netfence.engine.validation.FieldError;
import io.netfence.engine.validation.Policies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes the demo API server answer {@code dryRun=All} as a real one does: the request is checked (the object exists or
 * not, the resourceVersion or delete precondition matches, a NetworkPolicy is valid) and answered, but nothing is
 * stored or deleted; creates and updates pass the demo's admission rule ({@link DemoAdmission}) first, dry run or not.
 * fabric8's CRUD mock alone ignores dryRun: it would persist a dry-run create and really delete on a
 * dry-run delete. Every other request goes to the CRUD dispatcher. Writes (POST/PUT/PATCH/DELETE) are logged so the
 * demo's tests can see exactly what reached the API server.
 */
public class DryRunDispatcher extends Dispatcher {

    private static final int LOG_LIMIT = 2_000;

    private final Dispatcher crud;
    private final KubernetesSerialization json = new KubernetesSerialization();
    private final List<String> writes = new ArrayList<>();
    private long dropped;

    public DryRunDispatcher(Dispatcher crud) {
        this.crud = crud;
    }

    private record Fault(String method, String pathPrefix, int code, String message) {
    }

    private Fault nextFault;

    /** The next matching write that is not a dry run fails with {@code code} (once); see DemoApiServer#failNextWrite. */
    public synchronized void failNextWrite(String method, String pathPrefix, int code, String message) {
        nextFault = new Fault(method, pathPrefix, code, message);
    }

    private synchronized Fault takeFault(String method, String path) {
        Fault f = nextFault;
        if (f != null && f.method().equals(method) && path.startsWith(f.pathPrefix())) {
            nextFault = null;
            return f;
        }
        return null;
    }

    /** "METHOD path?query" of every write request so far, oldest first. */
    public synchronized List<String> writeRequests() {
        return List.copyOf(writes);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String method = request.getMethod();
        String fullPath = request.getPath();
        if (!"GET".equals(method)) {
            log(method + " " + fullPath);
        }
        String path = fullPath.contains("?") ? fullPath.substring(0, fullPath.indexOf('?')) : fullPath;
        if (("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))) {
            var denied = DemoAdmission.deny(path);
            if (denied.isPresent()) {
                return status(422, "Invalid", denied.get(), List.of(new StatusCauseBuilder().withField("metadata.namespace")
                        .withReason("FieldValueForbidden").withMessage(denied.get()).build()));
            }
        }
        if (!isDryRun(fullPath)) {
            Fault fault = "GET".equals(method) ? null : takeFault(method, path);
            if (fault != null) {
                return status(fault.code(), fault.code() >= 500 ? "InternalError" : "BadRequest", fault.message(), List.of());
            }
            return crud.dispatch(request);
        }
        return switch (method) {
            case "POST" -> dryRunCreate(path, request.getUtf8Body());
            case "PUT" -> dryRunUpdate(path, request.getUtf8Body());
            case "DELETE" -> dryRunDelete(path, request.getUtf8Body());
            default -> status(405, "MethodNotAllowed", "the demo API server answers dryRun=All for create, update and delete only", List.of());
        };
    }

    /** How many writes were received so far (a mark for {@link #writeRequestsSince}). */
    public synchronized long writeCount() {
        return dropped + writes.size();
    }

    /** The writes received after {@code mark} (a {@link #writeCount()}), oldest first. */
    public synchronized List<String> writeRequestsSince(long mark) {
        int from = (int) Math.max(0, Math.min(writes.size(), mark - dropped));
        return List.copyOf(writes.subList(from, writes.size()));
    }

    private synchronized void log(String line) {
        if (writes.size() == LOG_LIMIT) {
            writes.remove(0);
            dropped++;
        }
        writes.add(line);
    }

    static boolean isDryRun(String path) {
        int q = path.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String param : path.substring(q + 1).split("&")) {
            if (param.equals("dryRun=All")) {
                return true;
            }
        }
        return false;
    }

    private MockResponse dryRunCreate(String collection, String body) {
        Map<?, ?> object = json.unmarshal(body, Map.class);
        String name = metadata(object, "name");
        if (name != null && crud.dispatch(get(collection + "/" + name)).code() == 200) {
            return status(409, "AlreadyExists", kind(collection) + " \"" + name + "\" already exists", List.of());
        }
        MockResponse invalid = validate(collection, body, name);
        return invalid != null ? invalid : new MockResponse().setResponseCode(201).setBody(body);
    }

    private MockResponse dryRunUpdate(String path, String body) {
        MockResponse current = crud.dispatch(get(path));
        if (current.code() != 200) {
            return current;
        }
        Map<?, ?> stored = json.unmarshal(current.getBody().readUtf8(), Map.class);
        Map<?, ?> object = json.unmarshal(body, Map.class);
        String name = metadata(object, "name");
        String sent = metadata(object, "resourceVersion");
        String now = metadata(stored, "resourceVersion");
        if (sent != null && !sent.equals(now)) {
            return status(409, "Conflict", "Operation cannot be fulfilled on " + kind(path) + " \"" + name
                    + "\": the object has been modified; please apply your changes to the latest version and try again", List.of());
        }
        MockResponse invalid = validate(path, body, name);
        return invalid != null ? invalid : new MockResponse().setResponseCode(200).setBody(body);
    }

    private MockResponse dryRunDelete(String path, String body) {
        MockResponse current = crud.dispatch(get(path));
        if (current.code() != 200) {
            return current;
        }
        Map<?, ?> stored = json.unmarshal(current.getBody().readUtf8(), Map.class);
        String precondition = null;
        if (body != null && !body.isBlank()) {
            Map<?, ?> options = json.unmarshal(body, Map.class);
            if (options.get("preconditions") instanceof Map<?, ?> p && p.get("resourceVersion") != null) {
                precondition = String.valueOf(p.get("resourceVersion"));
            }
        }
        if (precondition != null && !precondition.equals(metadata(stored, "resourceVersion"))) {
            return status(409, "Conflict", "Operation cannot be fulfilled on " + kind(path) + " \"" + metadata(stored, "name")
                    + "\": Precondition failed: ResourceVersion in precondition: " + precondition + ", ResourceVersion in object meta: "
                    + metadata(stored, "resourceVersion"), List.of());
        }
        return new MockResponse().setResponseCode(200).setBody(json.asJson(new StatusBuilder().withApiVersion("v1").withKind("Status")
                .withStatus("Success").withNewDetails().withName(metadata(stored, "name")).withKind(kind(path)).endDetails().build()));
    }

    /**
     * NetworkPolicies get the API server's validation, ClusterNetworkPolicies the upstream CRD's (the engine implements
     * both); other kinds are accepted.
     */
    private MockResponse validate(String path, String body, String name) {
        if (path.contains("/clusternetworkpolicies")) {
            var cnp = json.unmarshal(body, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
            // a client that asks for no fieldValidation gets unknown fields pruned with a warning, not refused (and the
            // served CRD may be newer than the validator): only the schema's other rules refuse the object
            return invalid("ClusterNetworkPolicy.policy.networking.k8s.io", name, Policies.fromClusterNetworkPolicy(cnp).errors().stream()
                    .filter(e -> e.type() != FieldError.Type.UNKNOWN_FIELD).toList());
        }
        if (!path.contains("/networkpolicies")) {
            return null;
        }
        NetworkPolicy np = json.unmarshal(body, NetworkPolicy.class);
        return invalid("NetworkPolicy.networking.k8s.io", name, Policies.fromNetworkPolicy(np).errors());
    }

    private MockResponse invalid(String kind, String name, List<FieldError> errors) {
        if (errors.isEmpty()) {
            return null;
        }
        List<StatusCause> causes = errors.stream().map(e -> new StatusCauseBuilder().withField(e.path())
                .withReason(e.type() == FieldError.Type.REQUIRED ? "FieldValueRequired" : "FieldValueInvalid").withMessage(e.body()).build()).toList();
        return status(422, "Invalid", kind + " \"" + name + "\" is invalid: "
                + String.join(", ", errors.stream().map(FieldError::toString).toList()), causes);
    }

    private static RecordedRequest get(String path) {
        return new RecordedRequest("HTTP/1.1", HttpMethod.GET, path, Headers.builder().build(), new Buffer());
    }

    private MockResponse status(int code, String reason, String message, List<StatusCause> causes) {
        Status s = new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure").withCode(code)
                .withReason(reason).withMessage(message).withNewDetails().withCauses(causes).endDetails().build();
        return new MockResponse().setResponseCode(code).setBody(json.asJson(s));
    }

    private static String metadata(Map<?, ?> object, String field) {
        if (object != null && object.get("metadata") instanceof Map<?, ?> m && m.get(field) != null) {
            return Objects.toString(m.get(field));
        }
        return null;
    }

    /** The resource of a collection or object path, as the API server names it in messages. */
    private static String kind(String path) {
        if (path.contains("/clusternetworkpolicies")) {
            return "clusternetworkpolicies.policy.networking.k8s.io";
        }
        return path.contains("/networkpolicies") ? "networkpolicies.networking.k8s.io" : path.replaceAll(".*/namespaces/[^/]+/([^/]+).*", "$1");
    }

    @Override
    public void shutdown() {
        crud.shutdown();
    }

    @Override
    public void releaseResources() {
        crud.releaseResources();
    }
}
