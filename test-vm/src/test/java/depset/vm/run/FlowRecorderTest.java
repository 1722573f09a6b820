package depset.vm.run;

import static org.assertj.core.api.Assertions.assertThat;

import depset.hosts.Flow;
import depset.vm.sequence.SequenceParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Flows joined from {@code ss -tanpH} tables as recorded in the hosts of a lamp2 run. */
@Tag("unit")
class FlowRecorderTest {
    private static final String WEB = """
            LISTEN    0      511          *:80                *:*     users:(("apache2",pid=2301,fd=4),("apache2",pid=2299,fd=4))
            ESTAB     0      0      192.168.1.3:52114   192.168.1.4:3306  users:(("apache2",pid=2301,fd=11))
            TIME-WAIT 0      0      [::ffff:192.168.1.3]:80   [::ffff:192.168.1.2]:40022
            """;
    private static final String DB = """
            LISTEN    0      80         0.0.0.0:3306       0.0.0.0:*     users:(("mariadbd",pid=1880,fd=21))
            ESTAB     0      0      192.168.1.4:3306   192.168.1.3:52114  users:(("mariadbd",pid=1880,fd=35))
            ESTAB     0      0          127.0.0.1:3306   127.0.0.1:50000  users:(("mariadbd",pid=1880,fd=36))
            """;

    private static FlowRecorder recorder() throws Exception {
        return new FlowRecorder(SequenceParser.parse("visitor-address 192.168.1.2/24\n"
                + "host web root guest:lamp address 192.168.1.3/24 important apache2\n"
                + "host db root guest:lamp address 192.168.1.4/24 important mariadbd\non web\nboot true\n", "t.seq", "t"));
    }

    @Test
    void parsesSsLines() {
        SocketTable t = SocketTable.parse(WEB);
        assertThat(t.sockets()).hasSize(3);
        assertThat(t.sockets().get(0).listening()).isTrue();
        assertThat(t.sockets().get(0).processes()).containsExactly("apache2");
        assertThat(t.sockets().get(2)).isEqualTo(new SocketTable.Socket("TIME-WAIT", "192.168.1.3", 80, "192.168.1.2",
                40022, List.of()));
    }

    @Test
    void joinsBothEndsOfAConnectionAndTheVisitorsClosedOne() throws Exception {
        Map<String, SocketTable> tables = new LinkedHashMap<>();
        tables.put("web", SocketTable.parse(WEB));
        tables.put("db", SocketTable.parse(DB));
        try (FlowRecorder r = recorder()) {
            List<Flow> flows = r.join(tables, "after get");
            assertThat(flows).extracting(Flow::describe).containsExactlyInAnyOrder(
                    "visitor (?) → web:80 (apache2)", // seen only by web's TIME-WAIT: the visitor's process is unknown
                    "web (apache2) → db:3306 (mariadbd)", // from db's accepted socket, client from web's
                    "web (apache2) → db:3306 (mariadbd)"); // from web's connecting socket
            // loopback connections on db are no flow between hosts
            assertThat(flows).noneMatch(f -> f.client().equals("db"));
        }
    }

    @Test
    void aClientWhoseServerDoesNotListenIsNoFlow() throws Exception {
        Map<String, SocketTable> tables = new LinkedHashMap<>();
        tables.put("web", SocketTable.parse(WEB));
        tables.put("db", SocketTable.parse("ESTAB 0 0 192.168.1.4:3306 192.168.1.3:52114\n"));
        try (FlowRecorder r = recorder()) {
            // db's socket to web's port 52114: web does not listen there, and db does not listen on 3306
            assertThat(r.join(tables, "x")).extracting(Flow::describe).containsExactly("visitor (?) → web:80 (apache2)");
        }
    }
}
