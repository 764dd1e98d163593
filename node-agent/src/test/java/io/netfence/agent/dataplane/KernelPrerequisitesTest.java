package io.netfence.agent.dataplane;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelPrerequisitesTest {

    @Test
    void aMissingToolIsNamed() {
        assertThat(KernelPrerequisites.missing(new String[]{"sh", "no-such-tool-netfence"}))
                .anySatisfy(m -> assertThat(m).contains("no-such-tool-netfence"))
                .noneSatisfy(m -> assertThat(m).contains("'sh'"));
    }

    @Test
    void aMissingPrerequisiteSkipsLocallyButFailsUnderCi() {
        List<String> missing = List.of("tool 'x' not found");
        assertThatThrownBy(() -> KernelPrerequisites.fail(missing, "t", false)).isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> KernelPrerequisites.fail(missing, "t", true)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("CI=true").hasMessageContaining("tool 'x' not found");
    }
}
