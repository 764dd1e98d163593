package io.netfence.agent.dataplane;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks {@link RequiresRoot} before a test class or method runs: skip loudly when something is missing, fail
 * under {@code CI=true}. Results are cached per JVM (each probe runs once).
 */
public final class KernelPrerequisites implements BeforeAllCallback, BeforeEachCallback {

    private static final Map<String, Optional<String>> CACHE = new ConcurrentHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, RequiresRoot.class))
                .ifPresent(a -> enforce(a, context.getDisplayName()));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, RequiresRoot.class))
                .ifPresent(a -> enforce(a, context.getDisplayName()));
    }

    /** Programmatic form, for harness code that is used without the annotation. */
    public static void require(String[] tools, KernelFeature... features) {
        List<String> missing = missing(tools, features);
        if (!missing.isEmpty()) {
            fail(missing, "kernel test");
        }
    }

    private static void enforce(RequiresRoot a, String what) {
        List<String> missing = missing(a.tools(), a.features());
        if (!missing.isEmpty()) {
            fail(missing, what);
        }
    }

    static List<String> missing(String[] tools, KernelFeature... features) {
        List<String> out = new ArrayList<>();
        CACHE.computeIfAbsent("root", k -> isRoot() ? Optional.empty()
                : Optional.of("not running as root (uid 0 is needed for network namespaces, iptables, ipset)")).ifPresent(out::add);
        if (!out.isEmpty()) {
            return out;
        }
        for (String tool : new LinkedHashSet<>(List.of(tools))) {
            CACHE.computeIfAbsent("tool:" + tool, k -> onPath(tool) ? Optional.empty()
                    : Optional.of("tool '" + tool + "' not found (apt-get install iptables ipset iproute2 conntrack)"))
                    .ifPresent(out::add);
        }
        for (KernelFeature f : new LinkedHashSet<>(List.of(features))) {
            CACHE.computeIfAbsent("feature:" + f, k -> f.missing()).ifPresent(out::add);
        }
        return out;
    }

    private static void fail(List<String> missing, String what) {
        fail(missing, what, ci());
    }

    /** Prints the banner, then aborts (skip) or, under CI, fails. */
    static void fail(List<String> missing, String what, boolean ci) {
        String banner = "\n" + "!".repeat(100) + "\n!!! KERNEL TEST NOT RUN: " + what + "\n"
                + String.join("\n", missing.stream().map(m -> "!!!   missing: " + m).toList()) + "\n"
                + (ci ? "!!! CI=true: a missing prerequisite is a FAILURE" : "!!! SKIPPED (set CI=true to make this fail)")
                + "\n" + "!".repeat(100);
        System.err.println(banner);
        if (ci) {
            throw new AssertionError("kernel test prerequisites missing under CI=true: " + missing);
        }
        throw new TestAbortedException("kernel test skipped, missing: " + missing);
    }

    private static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (Exception e) {
            // fall through to the user name
        }
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean onPath(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }
}
