package io.netfence.agent.kernel;

/** Exit code and output of one finished command. */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }
}
