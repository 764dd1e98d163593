package io.netfence.engine.manifest;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import java.util.Optional;

/**
 * A YAML syntax error in the user's terms: where (line and column, 1-based), what (an unclosed {@code {}, a tab, a
 * second {@code :}), the offending line and how to fix it — not the parser's "while parsing a flow mapping".
 *
 * @param line   1-based line to point at (where the unclosed bracket or quote opened, else where parsing failed)
 * @param column 1-based column on that line
 */
record YamlSyntaxError(int line, int column, String message) {

    /** The parser's error as found in {@code t}'s causes, if it is one with marks. */
    static Optional<YamlSyntaxError> of(Throwable t, String text) {
        while (t != null && !(t instanceof MarkedYamlEngineException)) {
            t = t.getCause();
        }
        if (!(t instanceof MarkedYamlEngineException e)) {
            return Optional.empty();
        }
        String context = e.getContext() == null ? "" : e.getContext();
        String problem = e.getProblem() == null ? "" : e.getProblem();
        Mark opened = e.getContextMark().orElse(null);
        Mark failed = e.getProblemMark().orElse(opened);
        if (failed == null) {
            return Optional.empty();
        }
        String what;
        Mark at = failed;
        if (context.contains("flow mapping") && opened != null) {
            at = opened;
            what = "the `{` opened here is not closed: add the matching `}` (or a `,` between its entries)";
        } else if (context.contains("flow sequence") && opened != null) {
            at = opened;
            what = "the `[` opened here is not closed: add the matching `]` (or a `,` between its items)";
        } else if (context.contains("quoted scalar") && opened != null) {
            at = opened;
            what = "the quote opened here is not closed: add the matching quote";
        } else if (context.contains("flow node") && problem.contains("stream end")) {
            what = "the text ends where a value was expected: an unclosed `[` or `{`?";
        } else if (problem.contains("mapping values are not allowed")) {
            what = "a `:` where none is allowed: check this line's indentation against the line above (a deeper indent continues "
                    + "the value above), or quote a value that contains `: `";
        } else if (problem.contains("TAB")) {
            what = "a tab: YAML indents with spaces only";
        } else if (context.contains("simple key") && problem.contains("expected ':'")) {
            at = opened == null ? failed : opened;
            what = "this line is not `key: value`: a `:` is missing (or the line belongs to a value and needs quoting)";
        } else if (context.contains("block mapping") && problem.contains("block end")) {
            what = "this line is not indented like the keys around it: align it with its siblings"
                    + (opened == null ? "" : " (the mapping starts at line " + (opened.getLine() + 1) + ")");
        } else {
            what = problem + (context.isEmpty() ? "" : " (" + context + ")");
        }
        int line = at.getLine() + 1;
        String source = lineText(text, at.getLine());
        // the line itself is the error's location (ManifestLocation): the message names the column
        String message = "YAML syntax error at column " + (at.getColumn() + 1) + ": " + what
                + (source.isBlank() ? "" : "; the line: `" + source.strip() + "`");
        return Optional.of(new YamlSyntaxError(line, at.getColumn() + 1, message));
    }

    private static String lineText(String text, int zeroBasedLine) {
        String[] lines = text.split("\n", -1);
        return zeroBasedLine >= 0 && zeroBasedLine < lines.length ? lines[zeroBasedLine].replace("\t", "⇥") : "";
    }
}
