package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An open keeps the kernel's pages only while the file's version is the one its last open saw. */
@Tag("unit")
class ContentCacheTest {
    private final ContentCache cache = new ContentCache();

    @Test
    void theFirstOpenReadsAfreshAndTheNextOfTheSameVersionKeepsThePages() {
        assertThat(cache.unchanged(41, 7, 100, 5_000)).isFalse();
        assertThat(cache.unchanged(41, 7, 100, 5_000)).isTrue();
        assertThat(cache.unchanged(41, 7, 100, 5_000)).isTrue();
    }

    @Test
    void aNewSizeOrModificationTimeReadsAfreshOnce() {
        cache.unchanged(41, 7, 100, 5_000);

        assertThat(cache.unchanged(41, 7, 101, 5_000)).isFalse();
        assertThat(cache.unchanged(41, 7, 101, 5_000)).isTrue();
        assertThat(cache.unchanged(41, 7, 101, 5_001)).isFalse();
        assertThat(cache.unchanged(41, 7, 101, 5_001)).isTrue();
    }

    @Test
    void eachInodeOfEachDeviceHasItsOwnVersion() {
        cache.unchanged(41, 7, 100, 5_000);

        assertThat(cache.unchanged(42, 7, 100, 5_000)).as("same inode number, other device").isFalse();
        assertThat(cache.unchanged(41, 8, 100, 5_000)).as("other inode").isFalse();
        assertThat(cache.unchanged(41, 7, 100, 5_000)).isTrue();
        // dev * 31 + ino collide: the keys must still be told apart
        assertThat(cache.unchanged(0, 31 * 41 + 7, 100, 5_000)).isFalse();
    }
}
