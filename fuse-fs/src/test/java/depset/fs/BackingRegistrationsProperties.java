package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.fs.BackingRegistrations.Registration;
import depset.fs.BackingRegistrationsTest.CountingKernel;
import depset.fs.HandleTable.Handle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/** The backing registrations' bookkeeping under any order of opens, releases and unlinks of a few paths. */
@Tag("unit")
class BackingRegistrationsProperties {
    /** One step of a mount's life: an open or a release of one of a few paths, or an unlink. */
    record Step(int kind, int path, int inode, boolean readOnly) {
    }

    @Provide
    Arbitrary<List<Step>> lives() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 1), Arbitraries.of(true, true, true, false))
                .as(Step::new).list().ofMaxSize(200);
    }

    /**
     * Whatever the opens, releases and unlinks: an id is dropped at most once, never while a node is
     * open with it, never more than the limit stay unused, and after the last release and the
     * mount's end every id made has been dropped exactly once.
     */
    @Property(tries = 300)
    void everyRegistrationIsDroppedOnceAndNeverWhileInUse(@ForAll("lives") List<Step> life) {
        CountingKernel k = new CountingKernel();
        int keep = 2;
        BackingRegistrations t = new BackingRegistrations(k, keep);
        Map<Integer, List<Registration>> open = new HashMap<>();
        for (Step s : life) {
            String path = "/f" + s.path();
            List<Registration> of = open.computeIfAbsent(s.path(), p -> new ArrayList<>());
            if (s.kind() < 5) {
                Handle h = new Handle(10, 1, s.path() * 2L + s.inode(), path, false, s.readOnly());
                of.add(t.acquire(h, s.readOnly()));
            } else if (s.kind() < 9 && !of.isEmpty()) {
                t.release(of.remove(of.size() - 1));
            } else if (s.kind() == 9) {
                t.forget(path);
            }
            Set<Integer> inUse = new HashSet<>();
            open.values().forEach(rs -> rs.forEach(r -> inUse.add(r.id())));
            assertThat(k.dropped).doesNotHaveDuplicates().noneMatch(inUse::contains);
            assertThat(t.unused()).isBetween(0, keep);
        }
        open.values().forEach(rs -> rs.forEach(t::release));
        t.dropUnused();
        assertThat(k.dropped).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(k.registered);
        assertThat(t.made()).isEqualTo(k.registered.size());
    }
}
