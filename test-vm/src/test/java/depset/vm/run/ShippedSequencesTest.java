package depset.vm.run;

import static org.assertj.core.api.Assertions.assertThat;

import depset.vm.guest.GuestRecipe;
import depset.vm.guest.GuestRecipes;
import depset.vm.sequence.Check;
import depset.vm.sequence.Sequence;
import depset.vm.sequence.Step;
import depset.vm.sequence.StepKind;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The services' shipped sequences (issue 13, point 5): each parses, runs in a shipped guest, checks real
 * output (a whole line, a pattern or lines in order, not only a status), carries an unseen workload, and
 * waits for a daemon from outside the guest instead of a loop inside it.
 */
@Tag("unit")
class ShippedSequencesTest {
    @ParameterizedTest
    @ValueSource(strings = {"nginx", "postgres", "redis", "python", "tls", "locale"})
    void aServicesSequenceChecksRealOutputInItsOwnGuest(String name) throws Exception {
        assertThat(ShippedSequences.names()).contains(name);
        Sequence s = ShippedSequences.byName(name).orElseThrow();
        assertThat(s.name()).isEqualTo(name);
        assertThat(s.guestName()).contains(name);
        GuestRecipe recipe = GuestRecipes.byName(name).orElseThrow();
        assertThat(recipe.packages()).as("a service beyond minbase").isNotEmpty();
        assertThat(GuestRecipes.names()).contains(name);
        List<Step> traced = s.traced().steps();
        assertThat(traced).flatExtracting(Step::checks).as("checks on what the service printed or served")
                .anyMatch(c -> c instanceof Check.Line || c instanceof Check.Lines || c instanceof Check.Matches);
        assertThat(s.hasUnseen()).isTrue();
        assertThat(traced).extracting(Step::kind).as("no login: run, start and the steps from outside")
                .doesNotContain(StepKind.LOGIN, StepKind.TYPE);
        for (Step st : traced) {
            if (st.kind() == StepKind.START) {
                assertThat(traced).extracting(Step::kind).contains(StepKind.WAIT_PORT);
            }
            if (st.kind() == StepKind.RUN || st.kind() == StepKind.BOOT) {
                assertThat(st.argument()).as("no wait loop inside the guest").doesNotContain("sleep", "seq ", "/dev/tcp");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "postgres", "redis", "python", "tls", "locale"})
    void aServicesGuestIsBuiltFromOneReleaseOnly(String name) throws Exception {
        assertThat(GuestRecipes.byName(name + "@bookworm")).isEqualTo(GuestRecipes.byName(name));
        assertThat(GuestRecipes.byName(name + "@trixie")).isEmpty();
        assertThat(ShippedSequences.byName(name + "@trixie")).isEmpty();
    }
}
