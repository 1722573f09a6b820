package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SymlinkTargetsTest {
    @Test
    void aNodeIsReplacedOnlyWhenItStoodForAnotherLinkBefore() {
        SymlinkTargets links = new SymlinkTargets(true);
        assertThat(links.replaced(7, 100, 1_000, 5)).as("first described").isFalse();
        assertThat(links.replaced(7, 100, 1_000, 5)).as("the same link again").isFalse();
        assertThat(links.replaced(8, 101, 1_000, 5)).as("another node").isFalse();
        assertThat(links.replaced(7, 100, 1_000, 6)).as("same inode number, changed since").isTrue();
        assertThat(links.replaced(7, 102, 1_000, 6)).as("another inode").isTrue();
        assertThat(links.replaced(7, 102, 1_000, 6)).as("remembered as replaced").isFalse();
    }

    /** Bounded: past 65,536 nodes the memory starts again, and a node then counts as first described. */
    @Test
    void theMemoryStartsAgainPastItsBound() {
        SymlinkTargets links = new SymlinkTargets(true);
        for (long node = 1; node <= 1 << 16; node++) {
            links.replaced(node, node, 1, 0);
        }
        assertThat(links.replaced(1, 99, 2, 0)).as("forgotten with the others at the bound").isFalse();
        assertThat(links.replaced(1, 100, 3, 0)).as("remembered again").isTrue();
    }
}
