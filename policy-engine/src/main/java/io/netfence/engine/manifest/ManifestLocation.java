package io.netfence.engine.manifest;

/**
 * Where an object or a problem sits in a manifest text: the 1-based document number (multi-document YAML
 * or concatenated JSON), the position inside a {@code kind: List} ({@code items[3]}, null at top level) and
 * the 1-based line (0 when unknown).
 */
public record ManifestLocation(int document, String itemPath, int line) {

    public ManifestLocation withLine(int newLine) {
        return new ManifestLocation(document, itemPath, newLine);
    }

    public ManifestLocation withItem(String newItemPath) {
        return new ManifestLocation(document, newItemPath, line);
    }

    /** {@code document 2 (line 14)} or {@code document 1, items[3] (line 40)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder("document ").append(document);
        if (itemPath != null) {
            sb.append(", ").append(itemPath);
        }
        if (line > 0) {
            sb.append(" (line ").append(line).append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
