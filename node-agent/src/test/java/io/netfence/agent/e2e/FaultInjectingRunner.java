package io.netfence.agent.e2e;

import io.netfence.agent.kernel.CommandResult;
import io.netfence.agent.kernel.CommandRunner;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps the real runner; while {@link #failRestores} is set, every iptables-restore fails like a kernel error would. */
final class FaultInjectingRunner implements CommandRunner {

    final AtomicBoolean failRestores = new AtomicBoolean();
    final AtomicInteger iptablesRestores = new AtomicInteger();
    private final CommandRunner delegate;

    FaultInjectingRunner(CommandRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public CommandResult run(List<String> argv, String stdin) {
        if (argv.get(0).equals("iptables-restore")) {
            iptablesRestores.incrementAndGet();
            if (failRestores.get()) {
                return new CommandResult(4, "", "iptables-restore v1.8.9 (nf_tables): injected failure\nError occurred at line: 2");
            }
        }
        return delegate.run(argv, stdin);
    }
}
