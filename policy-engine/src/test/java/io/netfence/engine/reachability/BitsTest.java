package io.netfence.engine.reachability;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BitsTest {

    @Test
    void bitsNextWalksSetBitsAcrossWords() {
        long[] b = new long[Bits.words(200)];
        for (int i : new int[]{0, 63, 64, 130, 199}) {
            Bits.set(b, i);
        }
        StringBuilder seen = new StringBuilder();
        for (int i = Bits.next(b, 0); i >= 0; i = Bits.next(b, i + 1)) {
            seen.append(i).append(' ');
        }
        assertThat(seen.toString()).isEqualTo("0 63 64 130 199 ");
        assertThat(Bits.count(Bits.all(200))).isEqualTo(200);
        assertThat(Bits.next(b, 200)).isEqualTo(-1);
    }
}
