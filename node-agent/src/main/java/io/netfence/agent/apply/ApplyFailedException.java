package io.netfence.agent.apply;

/** A step of an apply failed; earlier steps may have swapped sets, but no chain was touched unless {@code stage} says so. */
public class ApplyFailedException extends RuntimeException {

    private final String stage;

    public ApplyFailedException(String stage, RuntimeException cause) {
        super(stage + ": " + cause.getMessage(), cause);
        this.stage = stage;
    }

    public String stage() {
        return stage;
    }
}
