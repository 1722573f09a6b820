package depset.vm.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How depset starts ReproZip's programs ({@code reprozip}, {@code reprounzip}): each with a
 * temporary directory of its own, which the caller makes and removes.
 *
 * <p>Both programs write a copy of their usage-statistics CA certificate ({@code rpz_stats_ca_*.pem})
 * to the temporary directory when they start, and remove it in an exit handler, which does not run
 * when they die of a signal: ReproZip 1.1's tracer dies of a segmentation fault on some guests, and a
 * load run's services end with the session, tracer included. {@code TMPDIR} would move the file but
 * would also reach the traced programs, whose environment ReproZip packs and replays and which must
 * be the same under every tracer. So the directory is set inside ReproZip's own Python interpreter,
 * before its entry script runs.
 */
public final class ReproZipProgram {
    /** Python's temporary directory for this interpreter only, then the program's script as its main. */
    private static final String WITH_PRIVATE_TMP = String.join("\n",
            "import runpy, sys, tempfile",
            "tempfile.tempdir = sys.argv[1]",
            "sys.argv = sys.argv[2:]",
            "runpy.run_path(sys.argv[0], run_name='__main__')");

    private ReproZipProgram() {
    }

    /**
     * The argv that runs {@code /usr/bin/PROGRAM ARGS…} with {@code tmp} (an existing directory) as its
     * temporary directory.
     */
    public static List<String> argv(Path tmp, String program, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/python3", "-c", WITH_PRIVATE_TMP, tmp.toString(),
                "/usr/bin/" + program));
        argv.addAll(args);
        return List.copyOf(argv);
    }
}
