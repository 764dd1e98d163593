package io.netfence.agent;

import io.netfence.agent.cli.AgentCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The node agent. {@link AgentCommandLine} decides what the arguments ask for: the agent itself (no arguments or
 * only {@code --property=value} options) boots Spring; {@code --help}, {@code render}, {@code cleanup} and
 * {@code version} run without it.
 */
@SpringBootApplication
public class NodeAgentApplication {

    public static void main(String[] args) {
        int exit = AgentCommandLine.run(args, System.out, System.err,
                agentArgs -> SpringApplication.run(NodeAgentApplication.class, agentArgs));
        if (exit != AgentCommandLine.AGENT_RUNNING) {
            System.exit(exit);
        }
    }
}
