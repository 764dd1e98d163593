package io.netfence.admin;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for the live model to catch up with changes made through the API server. */
public final class Eventually {

    private Eventually() {
    }

    /** Until the informers have delivered the seeded demo cluster (its pods and policies). */
    public static void demoClusterLoaded(io.netfence.admin.cluster.LiveCluster cluster) {
        until("demo cluster loaded", () -> cluster.snapshot().pods().size() >= 30 && cluster.snapshot().policies().size() >= 5);
    }

    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
