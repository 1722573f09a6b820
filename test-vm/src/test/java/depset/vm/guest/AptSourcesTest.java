package depset.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class AptSourcesTest {

    @Test
    void readsOneLineSourcesWithOptionsAndComments() {
        List<AptSources.Source> s = AptSources.parseOneLine("""
                # deb http://commented.example/debian bookworm main
                deb-src http://src.example/debian bookworm main
                deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian/ bookworm main contrib
                deb http://security.example/debian-security bookworm-security main
                """);
        assertThat(s).containsExactly(
                new AptSources.Source("http://mirror.example/debian", List.of("bookworm")),
                new AptSources.Source("http://security.example/debian-security", List.of("bookworm-security")));
    }

    @Test
    void readsDeb822StanzasAndSkipsDisabledOnes() {
        List<AptSources.Source> s = AptSources.parseDeb822("""
                Types: deb
                # http://snapshot.debian.org/archive/debian/20250520T000000Z
                URIs: http://deb.debian.org/debian
                Suites: bookworm bookworm-updates
                Components: main

                Types: deb
                URIs: http://off.example/debian
                Suites: bookworm
                Enabled: no

                Types: deb-src
                URIs: http://src.example/debian
                Suites: bookworm
                """);
        assertThat(s).containsExactly(
                new AptSources.Source("http://deb.debian.org/debian", List.of("bookworm", "bookworm-updates")));
    }

    @Test
    void picksTheMirrorOfTheSuiteNotTheSecurityArchive(@TempDir Path etc) throws Exception {
        Files.createDirectories(etc.resolve("sources.list.d"));
        Files.writeString(etc.resolve("sources.list.d/a-security.sources"), """
                Types: deb
                URIs: http://security.example/debian-security
                Suites: bookworm-security
                """);
        Files.writeString(etc.resolve("sources.list.d/b.sources"), """
                Types: deb
                URIs: http://mirror.example/debian
                Suites: bookworm bookworm-updates
                """);
        Files.writeString(etc.resolve("sources.list.d/c.list.disabled"), "deb http://no.example/debian bookworm main\n");
        List<AptSources.Source> all = AptSources.read(etc);
        assertThat(AptSources.mirrorFor(all, "bookworm")).contains("http://mirror.example/debian");
        // A Debian mirror serves every Debian release, not the security archive and not Ubuntu's.
        assertThat(AptSources.mirrorFor(all, "trixie")).contains("http://mirror.example/debian");
        assertThat(AptSources.mirrorFor(all, "noble")).isEmpty();
        assertThat(AptSources.mirrorFor(List.of(all.get(0)), "trixie")).isEmpty();
    }
}
