package depset.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** binutils' readelf as the independent oracle the reader's results are checked against. */
final class Readelf {
    private static final Pattern DYN = Pattern.compile("\\((NEEDED|SONAME|RPATH|RUNPATH)\\)\\s+[^\\[]*\\[(.*)]");
    private static final Pattern INTERP = Pattern.compile("Requesting program interpreter: (.*)]");

    /** What readelf says: needed, soname, rpath, runpath, interpreter, and whether there is a dynamic section. */
    record Facts(List<String> needed, String soname, String rpath, String runpath, String interpreter, boolean dynamic) {
    }

    private Readelf() {
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/readelf"));
    }

    static Facts of(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/readelf", "-W", "-d", "-l", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("readelf failed on " + file + ": " + out);
        }
        List<String> needed = new ArrayList<>();
        String soname = null;
        String rpath = null;
        String runpath = null;
        String interp = null;
        for (String line : out.split("\n")) {
            Matcher m = DYN.matcher(line);
            if (m.find()) {
                switch (m.group(1)) {
                    case "NEEDED" -> needed.add(m.group(2));
                    case "SONAME" -> soname = m.group(2);
                    case "RPATH" -> rpath = m.group(2);
                    default -> runpath = m.group(2);
                }
            }
            Matcher i = INTERP.matcher(line);
            if (i.find()) {
                interp = i.group(1);
            }
        }
        return new Facts(needed, soname, rpath, runpath, interp, out.contains("Dynamic section at offset"));
    }
}
