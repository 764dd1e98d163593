package io.netfence.agent.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as an operator runs it ({@code java -jar node-agent.jar ...}): Spring Boot's launcher, the
 * manifest and the real {@code main} with {@code System.exit}. Runs in {@code verify}, after {@code package}.
 */
class AgentJarIT {

    private static Path jar;

    record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("netfence.agent.jar", "target/node-agent.jar"));
        assertThat(jar).as("the packaged agent (mvn package)").isRegularFile();
    }

    static Result java(String... args) throws IOException, InterruptedException {
        return java(Map.of(), args);
    }

    static Result java(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("NODE_NAME");
        pb.environment().remove("NETFENCE_AGENT_NODENAME");
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " still running after 60 s (did it boot the agent?)");
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void helpPrintsTheUsageAndExits0WithoutBootingSpring() throws Exception {
        Result r = java("--help");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("usage: node-agent").contains("render", "cleanup", "version", "NODE_NAME")
                .doesNotContain("Started NodeAgentApplication").doesNotContain("Tomcat");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void withoutNodeNameItPrintsOneLineAndExits2() throws Exception {
        Result r = java();
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("NODE_NAME").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theNodeNameIsTakenFromNodeNameOrTheRelaxedPropertyVariableAsSpringWouldTakeIt() throws Exception {
        // a bad iptables-mode stops the agent right after the node-name check: the message shows which check failed
        for (Map<String, String> env : List.of(Map.of("NODE_NAME", "worker-1"), Map.of("NETFENCE_AGENT_NODENAME", "worker-1"))) {
            Result r = java(env, "--netfence.agent.iptables-mode=nftables");
            assertThat(r.exit()).as(env + r.err()).isEqualTo(2);
            assertThat(r.err().lines().toList()).as(env.toString()).hasSize(1);
            assertThat(r.err()).as(env.toString()).contains("iptables-mode=\"nftables\"").doesNotContain("node-name");
        }
    }

    @Test
    void versionAndAnUnknownSubcommand() throws Exception {
        Result v = java("version");
        assertThat(v.exit()).isZero();
        String expected = Files.readString(Path.of("target/classes/META-INF/build-info.properties")).lines()
                .filter(l -> l.startsWith("build.version=")).findFirst().orElseThrow().substring("build.version=".length());
        assertThat(v.out()).startsWith("netfence node-agent " + expected + "\n");
        Result bad = java("frobnicate");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("\"frobnicate\"", "usage: node-agent");
    }
}
