package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.fs.BackingRegistrations.Registration;
import depset.fs.HandleTable.Handle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Which backing registrations are kept after their file's last close, which are reused, and that
 * the kernel is asked to drop each one exactly once, never while a file is open with it. From a
 * kernel that only counts (the real one is PassthroughTest's).
 */
@Tag("unit")
class BackingRegistrationsTest {
    /** A kernel that hands out ids and remembers what it was asked. */
    static final class CountingKernel implements BackingRegistrations.Kernel {
        final List<Integer> registered = new ArrayList<>();
        final List<Integer> dropped = new ArrayList<>();
        boolean refuse;
        private int next = 1;

        @Override
        public int register(Handle h) {
            if (refuse) {
                return 0;
            }
            registered.add(next);
            return next++;
        }

        @Override
        public void drop(int backingId) {
            dropped.add(backingId);
        }

        Set<Integer> live() {
            Set<Integer> live = new HashSet<>(registered);
            dropped.forEach(live::remove);
            return live;
        }
    }

    private static Handle file(String path, long ino) {
        return new Handle(10, 1, ino, path, false, true);
    }

    private static Handle writable(String path, long ino) {
        return new Handle(10, 1, ino, path, false, false);
    }

    private final CountingKernel kernel = new CountingKernel();
    private final BackingRegistrations table = new BackingRegistrations(kernel, 2);

    @Test
    void aFileOpenedAgainReadOnlyTakesTheRegistrationKeptForIt() {
        Registration first = table.acquire(file("/lib/libc.so.6", 7));
        table.release(first);
        Registration again = table.acquire(file("/lib/libc.so.6", 7));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(kernel.registered).hasSize(1);
        assertThat(kernel.dropped).isEmpty();
        assertThat(table.made()).isEqualTo(1);
    }

    @Test
    void aPathThatNamesAnotherFileNowGetsANewRegistrationAndTheStaleOneIsDropped() {
        Registration old = table.acquire(file("/etc/passwd", 7));
        table.release(old);
        Registration now = table.acquire(file("/etc/passwd", 8));
        assertThat(now.id()).isNotEqualTo(old.id());
        assertThat(kernel.dropped).containsExactly(old.id());
    }

    @Test
    void aRegistrationMadeFromADescriptorOpenForWritingEndsWithItsLastRelease() {
        Registration w = table.acquire(writable("/var/log/x", 7));
        table.release(w);
        assertThat(kernel.dropped).containsExactly(w.id());
        assertThat(table.acquire(file("/var/log/x", 7)).id()).isNotEqualTo(w.id());
    }

    @Test
    void aKeptRegistrationAlsoServesAnOpenForWriting() {
        Registration r = table.acquire(file("/srv/data", 7));
        table.release(r);
        assertThat(table.acquire(writable("/srv/data", 7)).id()).isEqualTo(r.id());
        assertThat(kernel.registered).hasSize(1);
    }

    @Test
    void beyondTheLimitTheLeastRecentlyUsedUnusedOnesAreDroppedNeverOneInUse() {
        Registration inUse = table.acquire(file("/a", 1));
        Registration b = table.acquire(file("/b", 2));
        Registration c = table.acquire(file("/c", 3));
        Registration d = table.acquire(file("/d", 4));
        table.release(b);
        table.release(c);
        table.release(table.acquire(file("/b", 2))); // /b used more recently than /c
        table.release(d);
        assertThat(kernel.dropped).containsExactly(c.id());
        assertThat(table.unused()).isEqualTo(2);
        assertThat(kernel.live()).contains(inUse.id(), b.id(), d.id());
    }

    @Test
    void anUnlinkedOrRenamedPathLosesItsRegistrationAtOnceOrAtItsLastRelease() {
        Registration idle = table.acquire(file("/tmp/idle", 1));
        table.release(idle);
        Registration open = table.acquire(file("/tmp/open", 2));
        table.forget("/tmp/idle");
        table.forget("/tmp/open");
        assertThat(kernel.dropped).containsExactly(idle.id());
        table.release(open);
        assertThat(kernel.dropped).containsExactly(idle.id(), open.id());
        assertThat(table.unused()).isZero();
    }

    @Test
    void aRenamedDirectoryTakesTheRegistrationsOfThePathsBelowIt() {
        Registration below = table.acquire(file("/build/lib/x.so", 1));
        Registration beside = table.acquire(file("/build.old", 2));
        table.release(below);
        table.release(beside);
        table.forget("/build");
        assertThat(kernel.dropped).containsExactly(below.id());
        assertThat(table.unused()).isEqualTo(1);
    }

    @Test
    void onceTheMountEndsNothingIsKeptAndWhatIsInUseIsDroppedAtItsRelease() {
        Registration idle = table.acquire(file("/a", 1));
        table.release(idle);
        Registration open = table.acquire(file("/b", 2));
        table.close();
        assertThat(kernel.dropped).containsExactly(idle.id());
        table.release(open);
        Registration late = table.acquire(file("/c", 3));
        table.release(late);
        assertThat(kernel.dropped).containsExactly(idle.id(), open.id(), late.id());
        assertThat(table.unused()).isZero();
    }

    @Test
    void whatTheKernelRefusesIsNeitherKeptNorDropped() {
        kernel.refuse = true;
        assertThat(table.acquire(file("/x", 1))).isNull();
        kernel.refuse = false;
        table.close();
        assertThat(kernel.dropped).isEmpty();
        assertThat(table.made()).isZero();
    }
}
