package io.netfence.engine.manifest;

import java.util.HashMap;
import java.util.Map;

/**
 * Lines of the fields of one parsed document, keyed by field path ({@code items[3].spec.ingress[0]}).
 * A view with a prefix answers paths relative to an object inside the document.
 */
public final class LineIndex {

    private final Map<String, Integer> lines;
    private final String prefix;

    LineIndex() {
        this(new HashMap<>(), "");
    }

    private LineIndex(Map<String, Integer> lines, String prefix) {
        this.lines = lines;
        this.prefix = prefix;
    }

    void record(String path, int line) {
        lines.putIfAbsent(path, line);
    }

    /** The same lines, answering paths relative to the object at {@code path}. */
    LineIndex relativeTo(String path) {
        return new LineIndex(lines, join(prefix, path));
    }

    /** Whether the field at {@code path} was written in the source (fabric8 reads absent lists as empty ones). */
    public boolean contains(String path) {
        return lines.containsKey(join(prefix, path == null ? "" : path));
    }

    /**
     * The line of {@code path}, or of its nearest recorded parent (a missing field points at its parent);
     * 0 when nothing is known.
     */
    public int lineOf(String path) {
        String p = join(prefix, path == null ? "" : path);
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty() || p.equals(prefix)) {
                return 0;
            }
            p = parent(p);
        }
    }

    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    private static String join(String prefix, String path) {
        if (prefix.isEmpty()) {
            return path;
        }
        if (path.isEmpty()) {
            return prefix;
        }
        return path.startsWith("[") ? prefix + path : prefix + "." + path;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
