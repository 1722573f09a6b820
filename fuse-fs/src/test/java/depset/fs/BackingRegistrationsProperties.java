package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.fs.BackingRegistrations.Registration;
import depset.fs.HandleTable.Handle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/** The backing registrations' bookkeeping under any order of opens, releases, unlinks and renames of a few paths. */
@Tag("unit")
class BackingRegistrationsProperties {
    private static final String[] FILES = {"/d0/f0", "/d0/f1", "/d1/f0", "/d1/sub/f"};
    private static final String[] FORGOTTEN = {"/d0/f0", "/d0/f1", "/d1/f0", "/d1/sub/f", "/d0", "/d1", "/d1/sub"};

    /**
     * A kernel that, like a strict one, hands out the lowest id free and remembers which inode each
     * live id was registered for; a drop of an id that is not live is a violation.
     */
    static final class StrictKernel implements BackingRegistrations.Kernel {
        final Map<Integer, Long> live = new HashMap<>();
        final List<Integer> violations = new ArrayList<>();
        int registrations;

        @Override
        public int register(Handle h) {
            int id = 1;
            while (live.containsKey(id)) {
                id++;
            }
            live.put(id, h.ino());
            registrations++;
            return id;
        }

        @Override
        public void drop(int backingId) {
            if (live.remove(backingId) == null) {
                violations.add(backingId);
            }
        }
    }

    /** One step of a mount's life: an open or a release of one of a few files, or an unlink or rename of a file or directory. */
    record Step(int kind, int path, int inode, boolean readOnly) {
    }

    @Provide
    Arbitrary<List<Step>> lives() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(0, 1), Arbitraries.of(true, true, true, false))
                .as(Step::new).list().ofMaxSize(200);
    }

    /**
     * Whatever the opens, releases, unlinks and renames: an open gets a live registration of the
     * very inode it opened, no id is dropped that is not live or while a node is open with it,
     * never more than the limit stay unused, and once every node is released and the mount ends,
     * every registration made has been dropped.
     */
    @Property(tries = 300)
    void anOpenGetsItsOwnInodesRegistrationAndEveryRegistrationIsDroppedOnceWhenUnused(@ForAll("lives") List<Step> life) {
        StrictKernel k = new StrictKernel();
        int limit = 2;
        BackingRegistrations t = new BackingRegistrations(k, limit);
        Map<String, List<Registration>> open = new HashMap<>();
        for (Step s : life) {
            String file = FILES[s.path() % FILES.length];
            List<Registration> of = open.computeIfAbsent(file, p -> new ArrayList<>());
            if (s.kind() < 5) {
                long ino = file.hashCode() * 2L + s.inode();
                Registration r = t.acquire(new Handle(10, 1, ino, file, false, s.readOnly()));
                assertThat(r.ino()).isEqualTo(ino);
                of.add(r);
            } else if (s.kind() < 9 && !of.isEmpty()) {
                t.release(of.remove(of.size() - 1));
            } else if (s.kind() == 9) {
                t.forget(FORGOTTEN[s.path()]);
            }
            assertThat(k.violations).isEmpty();
            open.values().forEach(rs -> rs.forEach(r -> assertThat(k.live).containsEntry(r.id(), r.ino())));
            assertThat(t.unused()).isBetween(0, limit);
        }
        open.values().forEach(rs -> rs.forEach(t::release));
        t.close();
        assertThat(k.violations).isEmpty();
        assertThat(k.live).isEmpty();
        assertThat(t.made()).isEqualTo(k.registrations);
    }
}
