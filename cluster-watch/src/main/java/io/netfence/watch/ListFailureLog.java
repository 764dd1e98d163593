package io.netfence.watch;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says why an informer cannot list or watch — the real cause, not a guess — once per resource and cause, and again
 * after {@code repeatAfter} if it persists (informers retry with backoff forever; a log line per retry would flood).
 * An out-of-memory while reading a list names the fix.
 */
final class ListFailureLog {

    private record Logged(String cause, long atNanos) {
    }

    private final Logger log;
    private final long repeatAfterNanos;
    private final Map<String, Logged> last = new ConcurrentHashMap<>();

    ListFailureLog(Logger log, Duration repeatAfter) {
        this.log = log;
        this.repeatAfterNanos = repeatAfter.toNanos();
    }

    /** @return the text logged, or null when this cause was already logged for this resource */
    String failed(String resource, boolean started, Throwable t) {
        String cause = describe(t);
        long now = System.nanoTime();
        Logged before = last.get(resource);
        if (before != null && before.cause().equals(cause) && now - before.atNanos() < repeatAfterNanos) {
            return null;
        }
        last.put(resource, new Logged(cause, now));
        String text = (started ? "watching " : "listing ") + resource + " failed: " + cause + " (retrying with backoff)";
        if (t instanceof OutOfMemoryError || t.getCause() instanceof OutOfMemoryError) {
            text += "; out of memory while reading " + resource + ": raise the container's memory limit or lower the page size";
        }
        log.warn(text);
        return text;
    }

    /** The innermost cause with its type: "UnknownHostException: api.example", "OutOfMemoryError: Java heap space". */
    static String describe(Throwable t) {
        Throwable root = t;
        StringBuilder chain = new StringBuilder(t.getClass().getSimpleName() + ": " + t.getMessage());
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            chain.append(" ← ").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage());
        }
        return chain.toString();
    }
}
