package io.netfence.agent.kernel;

import java.util.List;

/** A command exited non-zero; the message carries the command line and its stderr. */
public class CommandFailedException extends RuntimeException {

    private final transient CommandResult result;

    public CommandFailedException(List<String> argv, String stdin, CommandResult result) {
        super(String.join(" ", argv) + " exited " + result.exitCode() + ": " + result.stderr().strip()
                + failingLine(stdin, result.stderr()));
        this.result = result;
    }

    public CommandResult result() {
        return result;
    }

    /** iptables-restore and ipset restore name the failing line number; quote that line so the log is actionable. */
    private static String failingLine(String stdin, String stderr) {
        if (stdin == null) {
            return "";
        }
        var m = java.util.regex.Pattern.compile("line:? (\\d+)").matcher(stderr);
        if (!m.find()) {
            return "";
        }
        int n = Integer.parseInt(m.group(1));
        String[] lines = stdin.split("\n", -1);
        return n >= 1 && n <= lines.length ? " (input line " + n + ": " + lines[n - 1] + ")" : "";
    }
}
