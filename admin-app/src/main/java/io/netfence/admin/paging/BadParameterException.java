package io.netfence.admin.paging;

/** A query parameter that cannot be used; {@code parameter} names it, the message says why and what to send instead. */
public class BadParameterException extends RuntimeException {

    private final String parameter;

    public BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
