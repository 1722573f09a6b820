package depset.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every test class of every module says what it needs, so {@code -Dgroups=unit} runs exactly the tests that
 * need nothing: one class-level tier tag ({@code unit}: nothing; {@code host}: host programs such as python3,
 * tar, umoci, chromium, dot or the host's dpkg database; {@code fuse}: root and /dev/fuse; {@code guest}:
 * debootstrap and the mirror), and a test that needs something of the machine is skipped with a reason
 * ({@code @EnabledIf} or an assumption) where the machine lacks it, never passed silently. Reads the sources of
 * the sibling modules (the test runs in {@code analyzer/}).
 */
@Tag("unit")
class TestTiersTest {
    private static final Set<String> TIERS = Set.of("unit", "host", "fuse", "guest");
    private static final Pattern TEST_METHOD = Pattern.compile(
            "@(?:org\\.junit\\.jupiter\\.(?:api|params)\\.)?(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b");
    /** The annotations before the top-level class declaration. */
    private static final Pattern CLASS_HEAD =
            Pattern.compile("((?:^@[^\\n]*\\n(?:^ {4,}[^\\n]*\\n)*)+)^(?:public |abstract |final )*class \\w+",
                    Pattern.MULTILINE);
    private static final Pattern TAG = Pattern.compile("@(?:org\\.junit\\.jupiter\\.api\\.)?Tag\\(\"([^\"]*)\"\\)");

    @Test
    void everyTestClassHasOneTierTagAndSkipsWithAReasonWhereTheMachineLacksWhatItNeeds() throws IOException {
        Path repository = Path.of("").toAbsolutePath().getParent();
        List<Path> sources = new ArrayList<>();
        for (String module : List.of("fuse-fs", "analyzer", "test-vm", "cli")) {
            try (Stream<Path> s = Files.walk(repository.resolve(module).resolve("src/test/java"))) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        List<String> wrong = new ArrayList<>();
        int tests = 0;
        for (Path source : sources) {
            String text = read(source);
            if (!TEST_METHOD.matcher(text).find()) {
                continue;
            }
            tests++;
            String name = repository.relativize(source).toString();
            Matcher head = CLASS_HEAD.matcher(text);
            List<String> tiers = new ArrayList<>();
            if (head.find()) {
                Matcher tag = TAG.matcher(head.group(1));
                while (tag.find()) {
                    if (TIERS.contains(tag.group(1))) {
                        tiers.add(tag.group(1));
                    }
                }
            }
            if (tiers.size() != 1) {
                wrong.add(name + ": class-level tier tags " + tiers + ", want exactly one of " + TIERS);
            } else if (!tiers.get(0).equals("unit") && !text.contains("@EnabledIf(") && !text.contains("assumeTrue(")) {
                wrong.add(name + ": tier " + tiers.get(0) + " but no @EnabledIf or assumption to skip it with a reason");
            }
        }
        assertThat(tests).as("test classes found below " + repository).isGreaterThan(50);
        assertThat(wrong).isEmpty();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
