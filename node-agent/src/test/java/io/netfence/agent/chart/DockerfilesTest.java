package io.netfence.agent.chart;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Both images: base image pinned by a version or a digest, and the entrypoint runs the jar the build produces. */
class DockerfilesTest {

    /** Paths relative to node-agent/ (the test's working directory). */
    private static final Path AGENT = Path.of("Dockerfile");
    private static final Path CONSOLE = Path.of("..", "admin-app", "Dockerfile");

    @Test
    void consoleImage() throws Exception {
        assertPinned(CONSOLE);
        assertRunsTheBuiltJar(CONSOLE, Path.of("..", "admin-app", "pom.xml"));
    }

    @Test
    void agentImageRunsTheBuiltJar() throws Exception {
        assertRunsTheBuiltJar(AGENT, Path.of("pom.xml"));
    }

    @Test
    void agentImageBaseIsPinned() throws Exception {
        assertPinned(AGENT);
    }

    @Test
    void aMovingTagIsNotAPin() {
        assertThat(pinned("debian:bookworm-slim")).isFalse();
        assertThat(pinned("debian:12-slim")).isFalse();
        assertThat(pinned("debian")).isFalse();
        assertThat(pinned("debian:12.12-slim")).isTrue();
        assertThat(pinned("eclipse-temurin:17.0.16_8-jre")).isTrue();
        assertThat(pinned("debian@sha256:" + "a".repeat(64))).isTrue();
    }

    private static void assertPinned(Path dockerfile) throws Exception {
        List<String> bases = Files.readAllLines(dockerfile).stream().filter(l -> l.startsWith("FROM ")).map(l -> l.split("\\s+")[1]).toList();
        assertThat(bases).as(dockerfile + " FROM").isNotEmpty().allMatch(DockerfilesTest::pinned, "pinned by version or digest");
    }

    /** A digest, or a tag with a version of at least major.minor (12.12, 17.0.16_8): "bookworm" or "12" keep moving. */
    static boolean pinned(String image) {
        if (image.matches(".+@sha256:[0-9a-f]{64}")) {
            return true;
        }
        int colon = image.lastIndexOf(':');
        return colon > 0 && image.substring(colon + 1).matches(".*\\d+\\.\\d+.*");
    }

    private static void assertRunsTheBuiltJar(Path dockerfile, Path pom) throws Exception {
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Files.readString(pom));
        assertThat(finalName.find()).as(pom + " finalName").isTrue();
        String built = "target/" + finalName.group(1) + ".jar";
        Matcher copy = Pattern.compile("(?m)^COPY\\s+(\\S+)\\s+(\\S+)$").matcher(Files.readString(dockerfile));
        assertThat(copy.find()).as(dockerfile + " COPY").isTrue();
        assertThat(copy.group(1)).as("the jar the build produces").isEqualTo(built);
        assertThat(entrypoint(dockerfile)).containsSequence("-jar", copy.group(2));
    }

    static String jarInImage(Path dockerfile) throws Exception {
        Matcher copy = Pattern.compile("(?m)^COPY\\s+\\S+\\.jar\\s+(\\S+)$").matcher(Files.readString(dockerfile));
        assertThat(copy.find()).isTrue();
        return copy.group(1);
    }

    /** The exec-form ENTRYPOINT as a list (line continuations joined). */
    static List<String> entrypoint(Path dockerfile) throws Exception {
        String text = Files.readString(dockerfile).replace("\\\n", " ");
        Matcher m = Pattern.compile("(?m)^ENTRYPOINT\\s+\\[(.*)]\\s*$").matcher(text);
        assertThat(m.find()).as(dockerfile + " ENTRYPOINT in exec form").isTrue();
        return Arrays.stream(m.group(1).split(",")).map(s -> s.strip().replaceAll("^\"|\"$", "")).toList();
    }
}
