package depset.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class GuestCacheTest {

    @Test
    void buildsOnceThenHits(@TempDir Path dir) throws Exception {
        GuestCache cache = new GuestCache(dir);
        AtomicInteger builds = new AtomicInteger();
        GuestCache.Build build = (into, log) -> {
            builds.incrementAndGet();
            Files.writeString(into.resolve("marker"), "built");
        };
        Guest first = cache.obtain("g", "h", "g-h", build);
        Guest second = cache.obtain("g", "h", "g-h", build);
        assertThat(first.cacheHit()).isFalse();
        assertThat(second.cacheHit()).isTrue();
        assertThat(second.root()).isEqualTo(dir.resolve("g-h"));
        assertThat(second.root().resolve("marker")).hasContent("built");
        assertThat(builds).hasValue(1);
    }

    @Test
    void aFailedBuildLeavesNothingThatLooksCached(@TempDir Path dir) throws Exception {
        GuestCache cache = new GuestCache(dir);
        assertThatThrownBy(() -> cache.obtain("g", "h", "g-h", (into, log) -> {
            Files.writeString(into.resolve("half"), "x");
            throw new GuestBuildException("apt-get failed");
        })).isInstanceOf(GuestBuildException.class);
        assertThat(dir.resolve("g-h")).doesNotExist();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".building-"));
        }
    }

    @Test
    void leftoversOfAKilledBuildAreRemovedAndRebuilt(@TempDir Path dir) throws Exception {
        // A build killed mid-way leaves its temporary directory, never the final name.
        Path leftover = Files.createDirectories(dir.resolve(".building-g-h-123"));
        Files.writeString(leftover.resolve("half"), "x");
        GuestCache cache = new GuestCache(dir);
        Guest g = cache.obtain("g", "h", "g-h", (into, log) -> Files.writeString(into.resolve("whole"), "y"));
        assertThat(g.cacheHit()).isFalse();
        assertThat(leftover).doesNotExist();
        assertThat(g.root().resolve("whole")).exists();
        assertThat(g.root().resolve("half")).doesNotExist();
    }
}
