package io.netfence.agent.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs every iptables, ip6tables, -save and -restore command with one backend's binaries, so no code path can
 * reach the other backend by calling the generic name (which follows the image's alternatives, not the host).
 */
public final class BackendCommandRunner implements CommandRunner {

    private final IptablesBackend backend;
    private final CommandRunner delegate;

    public BackendCommandRunner(IptablesBackend backend, CommandRunner delegate) {
        this.backend = backend;
        this.delegate = delegate;
    }

    public IptablesBackend backend() {
        return backend;
    }

    @Override
    public CommandResult run(List<String> argv, String stdin) {
        if (argv.isEmpty()) {
            return delegate.run(argv, stdin);
        }
        List<String> mapped = new ArrayList<>(argv);
        mapped.set(0, backend.binary(argv.get(0)));
        return delegate.run(mapped, stdin);
    }
}
