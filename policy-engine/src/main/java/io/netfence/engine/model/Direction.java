package io.netfence.engine.model;

/** A policy type: which way of traffic a policy isolates. */
public enum Direction {
    INGRESS("Ingress"), EGRESS("Egress");

    private final String apiName;

    Direction(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
