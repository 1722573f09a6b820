package depset.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * A real program with bytes changed where the reader looks (header, program headers, dynamic
 * section and strings): the reader returns a result or an {@link ElfFormatException}, nothing else.
 */
@Tag("host")
class ElfReaderPropertiesTest {
    private static final byte[] PROGRAM;

    static {
        try {
            PROGRAM = ElfReaderTest.realProgram();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    record Change(int at, byte value) {
    }

    @Provide
    Arbitrary<java.util.List<Change>> changes() {
        // Most changes near the start, where the headers are; some anywhere.
        Arbitrary<Integer> near = Arbitraries.integers().between(0, Math.min(PROGRAM.length, 4096) - 1);
        Arbitrary<Integer> anywhere = Arbitraries.integers().between(0, PROGRAM.length - 1);
        Arbitrary<Byte> values = Arbitraries.oneOf(Arbitraries.bytes(), Arbitraries.of((byte) 0, (byte) 0xff,
                (byte) 0x7f, (byte) 0x80, (byte) 1, (byte) 2, (byte) 3));
        return net.jqwik.api.Combinators.combine(Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, near), net.jqwik.api.Tuple.of(1, anywhere)), values).as(Change::new)
                .list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 2000)
    void mutatedProgramNeverCrashesTheReader(@ForAll("changes") java.util.List<Change> changes,
                                             @ForAll @IntRange(min = 0, max = 100) int cutPercent) {
        byte[] b = PROGRAM.clone();
        for (Change c : changes) {
            b[c.at()] = c.value();
        }
        int len = cutPercent >= 90 ? b.length : (int) ((long) b.length * cutPercent / 90);
        byte[] cut = java.util.Arrays.copyOf(b, len);
        try {
            ElfFile e = ElfReader.parse(cut, "mutant");
            assertThat(e.needed()).allSatisfy(n -> assertThat(n.length()).isLessThanOrEqualTo(ElfReader.MAX_STRING));
        } catch (ElfFormatException e) {
            assertThat(e.getMessage()).startsWith("mutant: ");
        }
    }
}
