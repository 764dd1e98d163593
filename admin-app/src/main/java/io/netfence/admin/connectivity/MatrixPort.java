package io.netfence.admin.connectivity;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Protocol;

import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The port field of the matrix: a number, or a container port name resolved per destination pod (the first container
 * port with that name and protocol, as the engine resolves named ports in policies).
 */
record MatrixPort(int number, String name) {

    private static final Pattern NAME = Pattern.compile("^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$");

    /** Parses the field; throws with a message naming the field. */
    static MatrixPort parse(String text) {
        String t = text == null || text.isBlank() ? "80" : text.strip();
        if (t.chars().allMatch(Character::isDigit)) {
            int n;
            try {
                n = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 65535) {
                throw new IllegalArgumentException("port: " + t + " must be between 1 and 65535");
            }
            return new MatrixPort(n, null);
        }
        if (!NAME.matcher(t).matches()) {
            throw new IllegalArgumentException("port: \"" + t + "\" is neither a number between 1 and 65535 nor a port name "
                    + "(up to 15 lowercase letters, digits and '-', e.g. http)");
        }
        return new MatrixPort(0, t);
    }

    boolean named() {
        return name != null;
    }

    /** The port number on this destination pod; empty when the pod has no container port of that name and protocol. */
    OptionalInt on(PodInfo destination, Protocol protocol) {
        return named() ? destination.resolveNamedPort(name, protocol) : OptionalInt.of(number);
    }

    @Override
    public String toString() {
        return named() ? name : String.valueOf(number);
    }
}
