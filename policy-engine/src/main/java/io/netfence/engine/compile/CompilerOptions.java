package io.netfence.engine.compile;

/**
 * Tunables of the compiler. Both sides of a comparison (console preview, node agent) must use the same options
 * for their hashes to agree.
 *
 * @param allowMark   the packet-mark bit netfence uses while it evaluates one direction (set = some policy
 *                    allows the packet); a single bit, cleared again before the packet leaves netfence's chains
 * @param nflogGroup  NFLOG group for rejected packets, or 0 for no logging
 * @param nflogPerMinute rate limit for the NFLOG rule (packets per minute, burst the same)
 * @param flowLog     flow observation (first packet of each new connection to NFLOG), or null for none
 * @param dispatchBucket the most per-pod jumps one dispatch chain holds: up to this many local pods of a direction
 *                    are dispatched flat from the top-level chains, more through a prefix tree of chains
 *                    (see docs/dataplane.md, "Dispatch")
 */
public record CompilerOptions(int allowMark, int nflogGroup, int nflogPerMinute, FlowLogOptions flowLog, int dispatchBucket) {

    public static final int DEFAULT_ALLOW_MARK = 0x100000;
    public static final int DEFAULT_DISPATCH_BUCKET = 16;

    public static final CompilerOptions DEFAULTS = new CompilerOptions(DEFAULT_ALLOW_MARK, 0, 0);

    public CompilerOptions(int allowMark, int nflogGroup, int nflogPerMinute) {
        this(allowMark, nflogGroup, nflogPerMinute, null, DEFAULT_DISPATCH_BUCKET);
    }

    public CompilerOptions(int allowMark, int nflogGroup, int nflogPerMinute, FlowLogOptions flowLog) {
        this(allowMark, nflogGroup, nflogPerMinute, flowLog, DEFAULT_DISPATCH_BUCKET);
    }

    public CompilerOptions {
        if (dispatchBucket < 2) {
            throw new IllegalArgumentException("dispatchBucket must be at least 2, got " + dispatchBucket);
        }
        if (allowMark == 0 || Integer.bitCount(allowMark) != 1) {
            throw new IllegalArgumentException("allowMark must be exactly one bit, got 0x" + Integer.toHexString(allowMark));
        }
        if (nflogGroup < 0 || nflogGroup > 65535) {
            throw new IllegalArgumentException("nflogGroup must be 0..65535, got " + nflogGroup);
        }
        if (nflogGroup > 0 && nflogPerMinute <= 0) {
            throw new IllegalArgumentException("nflogPerMinute must be positive when NFLOG is on");
        }
    }

    /** The defaults plus rate-limited NFLOG of rejected packets to {@code group}. */
    public static CompilerOptions withNflog(int group, int perMinute) {
        return new CompilerOptions(DEFAULT_ALLOW_MARK, group, perMinute);
    }

    /**
     * What the node agent compiles with for its settings: NFLOG of rejected packets to {@code nflogGroup} (0 = off, 60 per
     * minute) and flow observation ({@code null} = off). The console builds its compiler with the same call and the
     * agents' settings, so the hashes it computes match the ones agents report.
     */
    public static CompilerOptions forAgent(int nflogGroup, FlowLogOptions flows) {
        return (nflogGroup > 0 ? withNflog(nflogGroup, 60) : DEFAULTS).withFlowLog(flows);
    }

    /** These options plus flow observation ({@code null}: none). */
    public CompilerOptions withFlowLog(FlowLogOptions flows) {
        return new CompilerOptions(allowMark, nflogGroup, nflogPerMinute, flows, dispatchBucket);
    }

    public boolean flows() {
        return flowLog != null;
    }

    /** These options with another {@link #dispatchBucket} ({@code Integer.MAX_VALUE}: always flat). */
    public CompilerOptions withDispatchBucket(int bucket) {
        return new CompilerOptions(allowMark, nflogGroup, nflogPerMinute, flowLog, bucket);
    }

    public boolean nflog() {
        return nflogGroup > 0;
    }

    /** {@code 0x100000/0x100000}, as iptables-save prints a mark match. */
    String markMatch() {
        String hex = "0x" + Integer.toHexString(allowMark);
        return hex + "/" + hex;
    }

    String markClear() {
        return "0x0/0x" + Integer.toHexString(allowMark);
    }

    /**
     * The second bit ClusterNetworkPolicy chains use: "a rule of this tier matched without allowing" (a Pass). The bit
     * next to {@link #allowMark} (above it, or below it when the allow bit is bit 31).
     */
    public int tierMark() {
        return allowMark == Integer.MIN_VALUE ? allowMark >>> 1 : allowMark << 1;
    }

    private String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }

    /** {@code 0x0/0x300000}: neither an Accept (allow bit) nor a Pass (tier bit) has decided yet. */
    String undecidedMatch() {
        return "0x0/" + hex(allowMark | tierMark());
    }

    /** Clears both bits. */
    String clearBoth() {
        return "0x0/" + hex(allowMark | tierMark());
    }

    /** Clears the tier bit (a Pass ends with its tier). */
    String tierClear() {
        return "0x0/" + hex(tierMark());
    }

    /** Sets both bits: in staged chains, "a Deny decided" (nothing drops there). */
    String bothSet() {
        return hex(allowMark | tierMark()) + "/" + hex(allowMark | tierMark());
    }

    /** Sets the tier bit. */
    String tierSet() {
        return hex(tierMark()) + "/" + hex(tierMark());
    }
}
