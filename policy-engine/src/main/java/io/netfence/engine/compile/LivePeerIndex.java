package io.netfence.engine.compile;

import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pods and namespaces of the cluster with the members of every peer and named-port set the last compile used,
 * kept up to date one pod or namespace at a time: a pod change touches only the sets that select its old or its new
 * version (a counted sorted map per set, so a change costs O(log n) per set and address). A set no compile used since
 * the last {@link #sweep()} is forgotten and rebuilt from the pods when needed again. Not thread-safe.
 */
final class LivePeerIndex implements PeerIndex {

    private final Map<String, NamespaceInfo> namespaces = new HashMap<>();
    /** Every pod (selectable or not) by namespace, then name. */
    private final Map<String, Map<String, PodInfo>> pods = new HashMap<>();
    private final Map<String, Integer> podIps = new HashMap<>();
    private int ipv6Pods;
    private final Map<String, MemberSet> selectorSets = new HashMap<>();
    private final Map<String, MemberSet> namedPortSets = new HashMap<>();
    /** Each set's current member list (non-empty ones: the empty list is one shared object), to find its changes. */
    private final Map<List<String>, MemberSet> byList = new java.util.IdentityHashMap<>();
    private final Set<String> used = new HashSet<>();
    private final Map<String, io.netfence.engine.model.NodeInfo> nodes;

    /** @param nodes the nodes of the cluster, kept up to date by the owner (read at every compile, never cached) */
    LivePeerIndex(Map<String, io.netfence.engine.model.NodeInfo> nodes) {
        this.nodes = nodes;
    }

    /** Live host-network pods by key (few: node daemons), for ClusterNetworkPolicy named ports. */
    private final Map<String, PodInfo> hostNetworkPods = new TreeMap<>();

    @Override
    public List<String> hostNetworkNamedPortEntries(IpFamily family, Protocol protocol, String portName) {
        List<String> out = new ArrayList<>();
        for (PodInfo p : hostNetworkPods.values()) {
            out.addAll(PeerIndex.namedPortEntriesOf(p, family, protocol, portName));
        }
        return out;
    }

    @Override
    public List<String> nodeSelectorEntries(IpFamily family, io.netfence.engine.model.LabelSelector nodeSelector) {
        return PeerIndex.nodeEntriesOf(nodes.values(), family, nodeSelector);
    }

    PodInfo pod(String namespace, String name) {
        Map<String, PodInfo> ns = pods.get(namespace);
        return ns == null ? null : ns.get(name);
    }

    Collection<NamespaceInfo> namespaces() {
        return namespaces.values();
    }

    NamespaceInfo namespace(String name) {
        return namespaces.get(name);
    }

    /** Every pod, in no particular order. */
    List<PodInfo> allPods() {
        List<PodInfo> out = new ArrayList<>();
        pods.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    /** As {@code ClusterSnapshot.namespaceLabels}: an unknown namespace carries only the automatic name label. */
    Map<String, String> namespaceLabels(String name) {
        NamespaceInfo ns = namespaces.get(name);
        return ns != null ? ns.labels() : new NamespaceInfo(name, Map.of()).labels();
    }

    /** Replaces {@code old} (null: none) by {@code now} (null: removed); both of the same namespace/name. */
    void replacePod(PodInfo old, PodInfo now) {
        if (old != null) {
            Map<String, PodInfo> ns = pods.get(old.namespace());
            ns.remove(old.name());
            if (ns.isEmpty()) {
                pods.remove(old.namespace());
            }
            contribute(old, -1);
        }
        if (now != null) {
            pods.computeIfAbsent(now.namespace(), k -> new HashMap<>()).put(now.name(), now);
            contribute(now, +1);
        }
    }

    void replaceNamespace(String name, NamespaceInfo now) {
        Map<String, String> before = namespaceLabels(name);
        if (now == null) {
            namespaces.remove(name);
        } else {
            namespaces.put(name, now);
        }
        Map<String, String> after = namespaceLabels(name);
        if (before.equals(after)) {
            return;
        }
        // A set whose namespace selector now decides differently for this namespace is rebuilt when next used.
        Iterator<MemberSet> it = selectorSets.values().iterator();
        while (it.hasNext()) {
            MemberSet s = it.next();
            SelectorPeer peer = s.peer;
            if (peer.namespaceSelector() != null
                    && peer.namespaceSelector().matches(before) != peer.namespaceSelector().matches(after)) {
                it.remove();
                byList.remove(s.base, s);
            }
        }
    }

    private void contribute(PodInfo pod, int sign) {
        if (PeerIndex.liveHostNetwork(pod)) {
            if (sign > 0) {
                hostNetworkPods.put(pod.key(), pod);
            } else {
                hostNetworkPods.remove(pod.key());
            }
        }
        if (!pod.selectable()) {
            return;
        }
        for (IpFamily f : IpFamily.values()) {
            for (String ip : ips(pod, f)) {
                podIps.merge(ip, sign, (a, b) -> a + b == 0 ? null : a + b);
            }
        }
        if (PeerIndex.hasIpv6(pod)) {
            ipv6Pods += sign;
        }
        if (!selectorSets.isEmpty()) {
            Map<String, String> nsLabels = namespaceLabels(pod.namespace());
            for (MemberSet s : selectorSets.values()) {
                if (s.peer.selects(pod, nsLabels, s.policyNamespace)) {
                    s.count(ips(pod, s.family), sign);
                }
            }
        }
        for (MemberSet s : namedPortSets.values()) {
            s.count(PeerIndex.namedPortEntriesOf(pod, s.family, s.protocol, s.portName), sign);
        }
    }

    @Override
    public boolean isPodIp(String ip) {
        return podIps.containsKey(ip);
    }

    @Override
    public boolean anyIpv6() {
        return ipv6Pods > 0;
    }

    @Override
    public List<String> selectorEntries(IpFamily family, SelectorPeer peer, String policyNamespace, String canonicalPeer) {
        String key = family.name() + "|" + canonicalPeer;
        used.add(key);
        MemberSet s = selectorSets.get(key);
        if (s == null) {
            s = new MemberSet(family, peer, policyNamespace, null, null, byList);
            if (peer.namespaceSelector() == null) {
                addSelected(s, pods.getOrDefault(policyNamespace, Map.of()).values());
            } else {
                for (Map.Entry<String, Map<String, PodInfo>> ns : pods.entrySet()) {
                    if (peer.namespaceSelector().matches(namespaceLabels(ns.getKey()))) {
                        addSelected(s, ns.getValue().values());
                    }
                }
            }
            selectorSets.put(key, s);
        }
        return s.entries();
    }

    private void addSelected(MemberSet s, Collection<PodInfo> candidates) {
        for (PodInfo p : candidates) {
            if (s.peer.selects(p, namespaceLabels(p.namespace()), s.policyNamespace)) {
                s.count(ips(p, s.family), 1);
            }
        }
    }

    @Override
    public List<String> namedPortEntries(IpFamily family, Protocol protocol, String portName) {
        String key = family.name() + "|" + protocol + "|" + portName;
        used.add(key);
        MemberSet s = namedPortSets.get(key);
        if (s == null) {
            s = new MemberSet(family, null, null, protocol, portName, byList);
            for (Map<String, PodInfo> ns : pods.values()) {
                for (PodInfo p : ns.values()) {
                    if (p.selectable()) {
                        s.count(PeerIndex.namedPortEntriesOf(p, family, protocol, portName), 1);
                    }
                }
            }
            namedPortSets.put(key, s);
        }
        return s.entries();
    }

    /** Forgets the sets no compile asked for since the last sweep. */
    void sweep() {
        selectorSets.keySet().retainAll(used);
        namedPortSets.keySet().retainAll(used);
        used.clear();
        if (byList.size() > selectorSets.size() + namedPortSets.size()) {
            byList.clear();
            for (MemberSet s : selectorSets.values()) {
                s.register();
            }
            for (MemberSet s : namedPortSets.values()) {
                s.register();
            }
        }
    }

    /**
     * How a set's members changed from {@code before} to {@code now}, two member lists this index returned for the same
     * set at consecutive compiles, when it knows without comparing them: one of them is empty, or {@code now} is the
     * list of a set that counted every member its pods added and removed since it returned {@code before}. Null when
     * it does not know (the set was rebuilt from the pods in between, or the lists are not this index's).
     */
    SetMemberChanges.Change change(List<String> now, List<String> before) {
        if (now == before) {
            return SetMemberChanges.Change.NONE;
        }
        if (now.isEmpty()) {
            return new SetMemberChanges.Change(List.of(), before);
        }
        if (before.isEmpty()) {
            return new SetMemberChanges.Change(now, List.of());
        }
        MemberSet s = byList.get(now);
        return s != null && s.previous == before ? s.change : null;
    }

    /**
     * Members of one set with how many pods contribute each (two pods may share an address while one leaves), and the
     * members added and removed since its member list was last handed out.
     */
    private static final class MemberSet {
        final IpFamily family;
        final SelectorPeer peer;
        final String policyNamespace;
        final Protocol protocol;
        final String portName;
        final TreeMap<String, Integer> counts = new TreeMap<>();
        private final Map<List<String>, MemberSet> byList;
        /** The member list last handed out (null: none yet); {@link #entries} is it while no member changed since. */
        List<String> base;
        List<String> entries;
        /** Members that joined or left since {@link #base} was handed out (tracked once there is a base). */
        private final Set<String> joined = new HashSet<>();
        private final Set<String> left = new HashSet<>();
        /** The list handed out before {@link #base} (null: none, or the set was built since) and how base differs from it. */
        List<String> previous;
        SetMemberChanges.Change change;

        MemberSet(IpFamily family, SelectorPeer peer, String policyNamespace, Protocol protocol, String portName,
                  Map<List<String>, MemberSet> byList) {
            this.family = family;
            this.peer = peer;
            this.policyNamespace = policyNamespace;
            this.protocol = protocol;
            this.portName = portName;
            this.byList = byList;
        }

        void count(List<String> members, int sign) {
            for (String m : members) {
                boolean was = counts.containsKey(m);
                counts.merge(m, sign, (a, b) -> a + b == 0 ? null : a + b);
                boolean is = counts.containsKey(m);
                if (was == is) {
                    continue; // another pod's address too: the members are the same
                }
                entries = null;
                if (base != null) {
                    Set<String> undone = is ? left : joined;
                    if (!undone.remove(m)) {
                        (is ? joined : left).add(m);
                    }
                }
            }
        }

        List<String> entries() {
            if (entries == null) {
                List<String> now = List.copyOf(counts.keySet());
                previous = base;
                change = base == null ? null : new SetMemberChanges.Change(sorted(joined), sorted(left));
                joined.clear();
                left.clear();
                byList.remove(base, this);
                base = now;
                entries = now;
                register();
            }
            return entries;
        }

        void register() {
            if (base != null && !base.isEmpty()) {
                byList.put(base, this);
            }
        }

        private static List<String> sorted(Set<String> members) {
            return members.isEmpty() ? List.of() : List.copyOf(new java.util.TreeSet<>(members));
        }
    }
}
