package io.netfence.admin.traffic;

/** The connections the node agents observed: the live agents' {@code /flows}, or the demo cluster's made-up traffic. */
public interface FlowSource {

    FlowReadout read();
}
