package depset.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MountTableTest {
    @Test
    void parsesMountinfoWithOptionalFieldsAndEscapes() {
        List<MountTable.Entry> e = MountTable.parse(List.of(
                "27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
                "99 27 0:50 / /tmp/with\\040space rw - fuse.depset depset rw,user_id=0",
                "garbage"));
        assertThat(e).containsExactly(new MountTable.Entry("/", "ext4", "/dev/vda"),
                new MountTable.Entry("/tmp/with space", "fuse.depset", "depset"));
        assertThat(e.get(1).isAtOrBelow("/tmp")).isTrue();
        assertThat(e.get(1).isAtOrBelow("/tm")).isFalse();
        assertThat(StaleMounts.isDepset(e.get(1))).isTrue();
        assertThat(StaleMounts.isDepset(e.get(0))).isFalse();
    }
}
