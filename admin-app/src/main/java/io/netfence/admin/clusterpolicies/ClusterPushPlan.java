package io.netfence.admin.clusterpolicies;

/**
 * What pushing the session's ClusterNetworkPolicy draft would do, as the preview shows it before the push.
 *
 * @param startedFrom the resourceVersion the draft updates; null for a new policy (a create)
 * @param storedNow   the resourceVersion the console sees now; null when no such policy exists
 */
public record ClusterPushPlan(String name, String startedFrom, String storedNow) {

    static final ClusterPushPlan UNREADABLE = new ClusterPushPlan(null, null, null);

    public boolean readable() {
        return name != null;
    }

    public boolean creates() {
        return startedFrom == null;
    }

    /** A new draft whose name is taken: pushing it would be refused, never replace the policy. */
    public boolean nameTaken() {
        return readable() && creates() && storedNow != null;
    }

    /** An edit of a version that is no longer the stored one (changed or deleted since). */
    public boolean stale() {
        return readable() && !creates() && !startedFrom.equals(storedNow);
    }
}
