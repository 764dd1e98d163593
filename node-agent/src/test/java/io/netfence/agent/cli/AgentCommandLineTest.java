package io.netfence.agent.cli;

import io.netfence.agent.config.AgentProperties;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's real command line, in-process: what it prints, its exit code and whether it would boot the agent. */
class AgentCommandLineTest {

    /** What one run printed and returned, and the arguments the agent was started with (null: not started). */
    record Run(int exit, String out, String err, String[] started) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String[]> started = new ArrayList<>();
        int exit = AgentCommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), started::add);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                started.isEmpty() ? null : started.get(0));
    }

    @Test
    void helpPrintsTheUsageOfTheAgentAndEverySubcommandAndDoesNotStartTheAgent() {
        for (String flag : List.of("--help", "-h", "help")) {
            Run r = run(flag);
            assertThat(r.exit()).as(flag).isZero();
            assertThat(r.started()).as(flag).isNull();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).startsWith("usage: node-agent [--PROPERTY=VALUE ...]")
                    .contains("NODE_NAME", "--netfence.agent.iptables-mode=auto|nft|legacy",
                            "usage: node-agent render --state FILE", "usage: node-agent cleanup [--netns NAME]",
                            "usage: node-agent version");
        }
    }

    @Test
    void anUnknownSubcommandIsAUsageErrorOnStderr() {
        Run r = run("rendr", "--state", "x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.started()).isNull();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("node-agent: unknown subcommand or argument \"rendr\"").contains("usage: node-agent");
    }

    @Test
    void aMissingNodeNameIsOneLineNamingTheFixAndExitCode2() {
        // an empty command-line value outranks a NODE_NAME the test's environment might have
        for (String[] args : List.of(new String[]{"--netfence.agent.node-name="}, new String[]{"--netfence.agent.node-name=  ", "--server.port=0"})) {
            Run r = run(args);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.started()).as("the agent must not boot").isNull();
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines().toList()).containsExactly("node-agent: " + AgentProperties.NODE_NAME_MISSING);
            assertThat(r.err()).contains("NODE_NAME").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aNodeNameFromTheCommandLineStartsTheAgentWithTheArguments() {
        Run r = run("--netfence.agent.node-name=worker-1", "--netfence.agent.iptables-mode=legacy");
        assertThat(r.exit()).isEqualTo(AgentCommandLine.AGENT_RUNNING);
        assertThat(r.started()).containsExactly("--netfence.agent.node-name=worker-1", "--netfence.agent.iptables-mode=legacy");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aNodeNameFromASystemPropertyCountsAsSpringWouldSeeIt() {
        System.setProperty("netfence.agent.node-name", "worker-2");
        try {
            assertThat(run().exit()).isEqualTo(AgentCommandLine.AGENT_RUNNING);
        } finally {
            System.clearProperty("netfence.agent.node-name");
        }
    }

    @Test
    void anUnknownIptablesModeIsOneLineNamingTheValues() {
        Run r = run("--netfence.agent.node-name=worker-1", "--netfence.agent.iptables-mode=nftables");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.started()).isNull();
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("netfence.agent.iptables-mode=\"nftables\"", "auto, nft, legacy");
    }

    @Test
    void aFailingAgentStartExitsWith1WithoutPrintingTheExceptionAgain() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AgentCommandLine.run(new String[]{"--netfence.agent.node-name=w"}, System.out, new PrintStream(err),
                a -> {
                    throw new IllegalStateException("port in use");
                });
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void versionPrintsTheAgentVersionFromTheBuildAndTheCompilerVersionWhenTheEngineHasOne() {
        Run r = run("version");
        assertThat(r.exit()).isZero();
        assertThat(r.started()).isNull();
        assertThat(r.out()).startsWith("netfence node-agent 0.").doesNotContain("unknown");
        String compiler = VersionCommand.compilerVersion();
        if (compiler != null) {
            assertThat(r.out()).contains("ruleset compiler " + compiler);
        } else {
            assertThat(r.out().lines()).hasSize(1);
        }
        assertThat(run("version", "--help").out()).startsWith("usage: node-agent version");
        assertThat(run("version", "extra").exit()).isEqualTo(2);
    }

    @Test
    void subcommandsAreDispatched() {
        assertThat(run("render", "--help").out()).startsWith("usage: node-agent render");
        assertThat(run("cleanup", "--help").out()).startsWith("usage: node-agent cleanup");
        Run bad = run("cleanup", "--iptables-mode", "nftables");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("use both, nft or legacy");
    }
}
