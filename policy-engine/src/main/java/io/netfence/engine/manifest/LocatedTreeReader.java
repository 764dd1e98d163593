package io.netfence.engine.manifest;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads one value from a streaming parser into a Jackson tree while recording the line of every field, so
 * errors found later (binding, validation) can name a line. Jackson's own tree reader keeps no locations.
 */
final class LocatedTreeReader {

    /** Thrown for a duplicate mapping key, which YAML forbids and the API server rejects. */
    static final class DuplicateKeyException extends RuntimeException {
        final String path;
        final int line;

        DuplicateKeyException(String path, int line) {
            super("duplicate key \"" + path + "\"");
            this.path = path;
            this.line = line;
        }
    }

    /** Thrown for a YAML alias ({@code *name}), which Jackson would silently read as the string "name". */
    static final class AliasException extends RuntimeException {
        final int line;

        AliasException(String path, int line) {
            super((path.isEmpty() ? "" : path + ": ") + "YAML aliases (*name) are not supported; write the value out");
            this.line = line;
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private LocatedTreeReader() {
    }

    /** Reads the value starting at the parser's current token. */
    static JsonNode read(JsonParser parser, LineIndex lines, String path) {
        JsonToken token = parser.currentToken();
        lines.record(path, line(parser));
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            throw new AliasException(path, line(parser));
        }
        return switch (token) {
            case START_OBJECT -> readObject(parser, lines, path);
            case START_ARRAY -> readArray(parser, lines, path);
            case VALUE_STRING -> NODES.stringNode(parser.getString());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT -> NODES.pojoNode(parser.getEmbeddedObject());
            default -> throw new IllegalStateException("unexpected token " + token + " at line " + line(parser));
        };
    }

    private static ObjectNode readObject(JsonParser parser, LineIndex lines, String path) {
        ObjectNode node = NODES.objectNode();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            String childPath = LineIndex.child(path, name);
            int keyLine = line(parser);
            if (node.has(name)) {
                throw new DuplicateKeyException(childPath, keyLine);
            }
            lines.record(childPath, keyLine);
            parser.nextToken();
            node.set(name, read(parser, lines, childPath));
        }
        return node;
    }

    private static ArrayNode readArray(JsonParser parser, LineIndex lines, String path) {
        ArrayNode node = NODES.arrayNode();
        int i = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            node.add(read(parser, lines, LineIndex.index(path, i++)));
        }
        return node;
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }
}
