package io.netfence.agent.apply;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Which kernel objects are netfence's (dataplane contract: chains {@code NETFENCE-*}, sets {@code nf*}). */
public final class NetfenceNames {

    public static final String CHAIN_PREFIX = "NETFENCE-";
    public static final String SET_PREFIX = "nf";
    /** Temporary sets used for swaps; also netfence's, so cleanup removes leftovers. */
    public static final String TEMP_SET_PREFIX = "nftmp-";

    private NetfenceNames() {
    }

    public static boolean isChain(String name) {
        return name.startsWith(CHAIN_PREFIX);
    }

    /**
     * netfence's sets: {@code nf-*}/{@code nf6-*} (agent), {@code nfX-*}/{@code nf6X-*} with one letter for the
     * compiler's kinds (h node addresses, s selector peers, b ipBlocks, n named ports, d node selectors, l local pods for flow observation) and {@code nftmp-*}. Narrower
     * than "starts with nf" so another tool's {@code nfqueue}-like set is never touched.
     */
    public static boolean isSet(String name) {
        return SET_NAME.matcher(name).lookingAt();
    }

    private static final java.util.regex.Pattern SET_NAME = java.util.regex.Pattern.compile("nf(6?[a-z]?|tmp)-");

    public static boolean isTempSet(String name) {
        return name.startsWith(TEMP_SET_PREFIX);
    }

    /** A stable temporary name for {@code set} (≤ 31 chars), so a leftover from a failed apply is recognisable. */
    public static String tempSet(String set) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(set.getBytes(StandardCharsets.UTF_8));
            return TEMP_SET_PREFIX + HexFormat.of().formatHex(d).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
