package depset.vm.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-host sequences: {@code host} declarations, {@code on} blocks, and the mistakes of both. */
@Tag("unit")
class SequenceHostsParserTest {
    private static final String HOSTS = "visitor-address 10.0.0.1/24\n"
            + "host web root guest:lamp address 10.0.0.3/24 important apache2\n"
            + "host db root guest:lamp address 10.0.0.4/24 important mariadbd mysqld\n";

    private static Sequence parse(String text) throws SequenceFormatException {
        return SequenceParser.parse(text, "t.seq", "t");
    }

    @Test
    void readsTheShippedTwoHostSequence() throws Exception {
        Sequence s = SequenceParser.parse(Path.of("sequences/lamp2.seq"));
        assertThat(s.multiHost()).isTrue();
        assertThat(s.hosts()).extracting(Host::name).containsExactly("web", "db");
        assertThat(s.hosts()).extracting(Host::root).containsOnly("guest:lamp");
        assertThat(s.host("db").orElseThrow().important()).containsExactly("mariadbd");
        assertThat(s.host("web").orElseThrow().ip()).isEqualTo("192.168.1.3");
        assertThat(s.network()).contains(new Network(Sequence.LAN_INTERFACE, "192.168.1.2/24"));
        // every step inside a guest names its host; the visitor's get names none
        assertThat(s.steps()).filteredOn(st -> st.kind() != StepKind.GET).allMatch(st -> !st.host().isEmpty());
        assertThat(s.steps()).filteredOn(st -> st.kind() == StepKind.GET).singleElement()
                .satisfies(st -> assertThat(st.host()).isEmpty());
        assertThat(s.steps()).extracting(Step::describe).contains("db: boot service mariadb start",
                "web: boot service apache2 start", "get http://192.168.1.3/row2.php", "db: halt service mariadb stop");
    }

    @Test
    void eachHostHasItsOwnOrderLoginAndDaemons() throws Exception {
        // web halts before db boots its work: the order boot, work, halt is each host's own
        Sequence s = parse(HOSTS + "on web\nstart httpd -X\nlogin root\ntype ls\nhalt true\n"
                + "on db\nboot true\nlogin root\nget http://10.0.0.3/\non web\nstop httpd\n"
                + "on db\nstart mariadbd\n");
        assertThat(s.steps()).extracting(Step::describe).containsExactly("web: start httpd -X", "web: login root",
                "web: type ls", "web: halt true", "db: boot true", "db: login root", "get http://10.0.0.3/",
                "web: stop httpd", "db: start mariadbd", "db: stop mariadbd");
        assertThat(s.steps().get(9).line()).isEqualTo(16); // the implicit stop names its start's line
    }

    @Test
    void oneHostSequencesAreUnchanged() throws Exception {
        Sequence s = parse("root /r\nimportant x\nboot a\n");
        assertThat(s.multiHost()).isFalse();
        assertThat(s.hosts()).isEmpty();
        assertThat(s.steps()).singleElement().satisfies(st -> {
            assertThat(st.host()).isEmpty();
            assertThat(st.describe()).isEqualTo("boot a");
        });
    }

    @Test
    void aHostsRootMustExist(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("trees/web"));
        String text = "host web root trees/web address 10.0.0.3/24 important apache2\n"
                + "host db root trees/db address 10.0.0.4/24 important mariadbd\non web\nboot true\n";
        assertThatThrownBy(() -> SequenceParser.parse(text, "t.seq", "t", dir)).isInstanceOf(
                SequenceFormatException.class).hasMessage("t.seq:2: host db: its root " + dir.resolve("trees/db")
                + " is not a directory");
        Files.createDirectories(dir.resolve("trees/db"));
        assertThat(SequenceParser.parse(text, "t.seq", "t", dir).hosts()).hasSize(2);
        assertThatThrownBy(() -> parse("host web root guest:nope address 10.0.0.3/24 important a\n"))
                .hasMessageStartingWith("t.seq:1: host web: no guest called 'nope' (depset ships: ls, lamp");
    }

    @Test
    void mistakesNameFileAndLine() {
        List<String[]> cases = List.of(
                new String[] {HOSTS + "host web root guest:ls address 10.0.0.5/24 important ls\n",
                    "t.seq:4: second host 'web' (the first is on line 2)"},
                new String[] {HOSTS + "host dns root guest:ls address 10.0.0.4/24 important ls\n",
                    "t.seq:4: host dns has the address 10.0.0.4 of host db (line 3)"},
                new String[] {HOSTS + "boot true\n",
                    "t.seq:4: 'boot' names no host: this file declares hosts (web, db), so an 'on HOST' line must"
                            + " come before it"},
                new String[] {HOSTS + "wait-port 80\n", "t.seq:4: 'wait-port' names no host"},
                new String[] {HOSTS + "on mail\nboot true\n", "t.seq:4: 'on mail': no such host (hosts: web, db)"},
                new String[] {"root /r\nimportant x\non web\nboot a\n", "t.seq:3: 'on' needs hosts"},
                new String[] {HOSTS + "root /r\non web\nboot true\n", "t.seq:4: 'root' is for one-host sequences"},
                new String[] {HOSTS + "on web\nboot true\nhost x root /r address 10.0.0.9/24 important x\n",
                    "t.seq:6: 'host' belongs to the header, before the first step"},
                new String[] {"host web root guest:lamp important apache2\non web\nboot a\n",
                    "t.seq:1: host web has no address;"},
                new String[] {"host web root guest:lamp address 10.0.0.3 important a\non web\nboot a\n",
                    "t.seq:1: host web needs an IPv4 address with its prefix"},
                new String[] {"host Web! root guest:lamp address 10.0.0.3/24 important a\n",
                    "t.seq:1: 'host' needs a host name"},
                new String[] {"host web root guest:lamp adress 10.0.0.3/24 important a\n",
                    "t.seq:1: host web: unknown word 'adress'"},
                new String[] {"visitor-address 10.0.0.3/24\n"
                        + "host web root guest:lamp address 10.0.0.3/24 important a\non web\nboot a\n",
                    "t.seq:1: the visitor has the address 10.0.0.3 of host web (line 2)"},
                new String[] {HOSTS + "on web\nhalt true\nboot true\n",
                    "t.seq:6: a boot step after a halt step"},
                new String[] {HOSTS + "on web\nstart d\non db\nstop d\n", "t.seq:7: 'stop d': no daemon of that name"
                        + " runs on db"},
                new String[] {HOSTS + "on web\nlogin root\non db\ntype ls\n", "t.seq:7: 'type' needs an open login"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> parse(c[0])).as(c[0]).isInstanceOf(SequenceFormatException.class)
                    .hasMessageStartingWith(c[1]);
        }
    }
}
