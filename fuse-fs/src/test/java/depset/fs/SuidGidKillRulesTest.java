package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The FUSE protocol's rules for FUSE_HANDLE_KILLPRIV_V2, over every permission mode of every file
 * type: a write by a caller without CAP_FSETID drops a regular file's set-user-ID, and its
 * set-group-ID only when the group may execute it; nothing else changes.
 */
@Tag("unit")
class SuidGidKillRulesTest {
    private static final int S_IFREG = 0100000;
    private static final int[] OTHER_TYPES = {0040000, 0120000, 0060000, 0020000, 0010000, 0140000};

    @Test
    void aRegularFileLosesSetUserIdAndSetGroupIdWhenGroupExecutableAndNothingElse() {
        for (int perms = 0; perms <= 07777; perms++) {
            int mode = S_IFREG | perms;
            int killed = SuidGidKill.killed(mode);
            assertThat(killed & 04000).as("set-user-ID of %o", mode).isZero();
            boolean groupExec = (perms & 0010) != 0;
            assertThat(killed & 02000).as("set-group-ID of %o", mode).isEqualTo(groupExec ? 0 : perms & 02000);
            assertThat(killed & ~06000).as("other bits of %o", mode).isEqualTo(mode & ~06000);
            assertThat(SuidGidKill.applies(mode)).as("applies to %o", mode).isEqualTo(killed != mode);
        }
        assertThat(SuidGidKill.applies(S_IFREG | 04755)).isTrue();
        assertThat(SuidGidKill.applies(S_IFREG | 02755)).isTrue();
        assertThat(SuidGidKill.applies(S_IFREG | 02644)).as("set-group-ID without group execute").isFalse();
        assertThat(SuidGidKill.applies(S_IFREG | 0755)).isFalse();
    }

    @Test
    void noOtherFileTypeChanges() {
        for (int type : OTHER_TYPES) {
            for (int perms = 0; perms <= 07777; perms++) {
                assertThat(SuidGidKill.killed(type | perms)).isEqualTo(type | perms);
                assertThat(SuidGidKill.applies(type | perms)).isFalse();
            }
        }
    }
}
