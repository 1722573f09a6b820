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
}
