package io.netfence.engine.validation;

/**
 * One validation error, shaped like apimachinery's {@code field.Error}. {@code value} is the offending value
 * as the API server prints it: strings quoted ({@code "10.0.0.0/8"}), numbers bare ({@code 0}), null when the
 * error type does not print a value (Required, Forbidden, Too long). {@link #toString()} gives the API
 * server's text, e.g. {@code spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: "10.0.0.0/8": must be
 * a strict subset of `cidr`}.
 */
public record FieldError(String path, Type type, String value, String detail) {

    public enum Type {
        REQUIRED("Required value"),
        INVALID("Invalid value"),
        UNSUPPORTED("Unsupported value"),
        FORBIDDEN("Forbidden"),
        DUPLICATE("Duplicate value"),
        TOO_LONG("Too long"),
        /** A list or object with more entries than the schema allows ({@code maxItems}, {@code maxProperties}). */
        TOO_MANY("Too many"),
        /** Not an apimachinery field error: the API server's strict decoding refuses the object before validating it. */
        UNKNOWN_FIELD("Unknown field");

        private final String text;

        Type(String text) {
            this.text = text;
        }

        /** The API server's wording, e.g. {@code Invalid value}. */
        public String text() {
            return text;
        }
    }

    public static FieldError required(String path, String detail) {
        return new FieldError(path, Type.REQUIRED, null, detail);
    }

    public static FieldError invalid(String path, String value, String detail) {
        return new FieldError(path, Type.INVALID, quote(value), detail);
    }

    public static FieldError invalid(String path, long value, String detail) {
        return new FieldError(path, Type.INVALID, Long.toString(value), detail);
    }

    /** An invalid value already rendered (e.g. a list). */
    public static FieldError invalidRendered(String path, String renderedValue, String detail) {
        return new FieldError(path, Type.INVALID, renderedValue, detail);
    }

    public static FieldError notSupported(String path, String value, String... supported) {
        StringBuilder d = new StringBuilder("supported values: ");
        for (int i = 0; i < supported.length; i++) {
            d.append(i == 0 ? "" : ", ").append(quote(supported[i]));
        }
        return new FieldError(path, Type.UNSUPPORTED, quote(value), d.toString());
    }

    public static FieldError forbidden(String path, String detail) {
        return new FieldError(path, Type.FORBIDDEN, null, detail);
    }

    public static FieldError duplicate(String path, String value) {
        return new FieldError(path, Type.DUPLICATE, quote(value), "");
    }

    public static FieldError tooLong(String path, String detail) {
        return new FieldError(path, Type.TOO_LONG, null, detail);
    }

    /** {@code Too many: 26: must have at most 25 items}, as the API server reports {@code maxItems}/{@code maxProperties}. */
    public static FieldError tooMany(String path, int actual, int max) {
        return new FieldError(path, Type.TOO_MANY, Integer.toString(actual), "must have at most " + max + " items");
    }

    /** A field the object's schema does not have (kept aside by fabric8, refused by the API server). */
    public static FieldError unknownField(String path) {
        return new FieldError(path, Type.UNKNOWN_FIELD, null,
                "not in the networking.k8s.io/v1 NetworkPolicy schema: check the spelling");
    }

    /** Go's {@code %q}: double quotes, with quotes, backslashes and control characters escaped. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** The text after the path: {@code Invalid value: "x": detail}. */
    public String body() {
        StringBuilder sb = new StringBuilder(type.text());
        if (value != null && (type == Type.INVALID || type == Type.UNSUPPORTED || type == Type.DUPLICATE || type == Type.TOO_MANY)) {
            sb.append(": ").append(value);
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return path + ": " + body();
    }
}
