package io.netfence.engine.reachability;

/** Fixed-size bit sets as bare {@code long[]}: the matrix's inner loops stay allocation-free. */
final class Bits {

    private Bits() {
    }

    static int words(int size) {
        return (size + 63) >>> 6;
    }

    static long[] all(int size) {
        long[] b = new long[words(size)];
        for (int i = 0; i < size; i++) {
            set(b, i);
        }
        return b;
    }

    static void set(long[] b, int i) {
        b[i >>> 6] |= 1L << i;
    }

    static void clear(long[] b, int i) {
        b[i >>> 6] &= ~(1L << i);
    }

    static boolean get(long[] b, int i) {
        return (b[i >>> 6] & (1L << i)) != 0;
    }

    static void or(long[] into, long[] from) {
        for (int w = 0; w < into.length; w++) {
            into[w] |= from[w];
        }
    }

    static long[] and(long[] a, long[] b) {
        long[] r = new long[a.length];
        for (int w = 0; w < a.length; w++) {
            r[w] = a[w] & b[w];
        }
        return r;
    }

    static boolean isEmpty(long[] b) {
        for (long w : b) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    static int count(long[] b) {
        int c = 0;
        for (long w : b) {
            c += Long.bitCount(w);
        }
        return c;
    }

    /** The next set bit at or after {@code from}, or -1. */
    static int next(long[] b, int from) {
        int w = from >>> 6;
        if (w >= b.length) {
            return -1;
        }
        long word = b[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == b.length) {
                return -1;
            }
            word = b[w];
        }
    }
}
