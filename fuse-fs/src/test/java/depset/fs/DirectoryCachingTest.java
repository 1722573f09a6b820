package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DirectoryCachingTest {
    @Test
    void aRootDirectoryIsKeptOnlyWhenTheMountPointsAreKnownAndItIsNoneOfThem() {
        DirectoryCaching known = new DirectoryCaching(10, Set.of("proc", "sys"));
        assertThat(known.keepsRootName("usr")).isTrue();
        assertThat(known.keepsRootName("proc")).isFalse();
        assertThat(known.keepsRootName("sys")).isFalse();
        assertThat(known.keepsRootName("procx")).as("names are whole").isTrue();
        assertThat(new DirectoryCaching(10, null).keepsRootName("usr")).as("unknown: none of the root's").isFalse();
    }
}
