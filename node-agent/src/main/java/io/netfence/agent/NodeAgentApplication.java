package io.netfence.agent;

import io.netfence.agent.cli.CleanupCommand;
import io.netfence.agent.cli.RenderCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.util.Arrays;
import java.util.List;

/** The node agent (no arguments or Spring options) and its offline subcommands, which run without Spring. */
@SpringBootApplication
public class NodeAgentApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("render")) {
            System.exit(RenderCommand.main(Arrays.asList(args).subList(1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("cleanup")) {
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            System.exit(CleanupCommand.main(rest, System.out, System.err));
        }
        SpringApplication.run(NodeAgentApplication.class, args);
    }
}
