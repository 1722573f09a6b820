package depset.meta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dpkg database of a root ({@code var/lib/dpkg}): which packages are installed and which files each
 * owns, with dpkg's three indirections undone so that a path as the service saw it finds its package:
 * <ul>
 * <li>diversions ({@code var/lib/dpkg/diversions}): a package's file listed as ORIGINAL lies at DIVERTED,
 *     and ORIGINAL belongs to the diverting package;</li>
 * <li>alternatives ({@code var/lib/dpkg/alternatives/NAME}): {@code /usr/bin/editor} and
 *     {@code /etc/alternatives/editor} are symlinks no package lists; they belong to the package of the
 *     alternative currently chosen;</li>
 * <li>usrmerge: a root whose {@code /bin} is a symlink to {@code usr/bin} holds a file listed as
 *     {@code /bin/ls} at {@code /usr/bin/ls}, and the traced path is the latter.</li>
 * </ul>
 */
public final class DpkgDatabase {
    private static final String DPKG = "/var/lib/dpkg";

    private final SourceRoot root;
    private final Map<String, InstalledPackage> packages;
    private final Map<String, List<String>> listed;           // path as listed → packages listing it
    private final Map<String, List<String>> filesOf;          // package → paths its list names, in order
    private final Map<String, String[]> divertedTo;            // diverted path → {original, diverting package}
    private final Map<String, String> divertedBy;              // original → diverting package
    private final Map<String, String> alternativeLinks;        // link path → alternative name
    private final Map<String, String> usrAliases;              // "/bin" → "/usr/bin"
    private final PackagedConffiles conffiles;

    private DpkgDatabase(SourceRoot root, Map<String, InstalledPackage> packages, Map<String, List<String>> listed,
                         Map<String, List<String>> filesOf, Map<String, String[]> divertedTo, Map<String, String> divertedBy,
                         Map<String, String> alternativeLinks, Map<String, String> usrAliases,
                         PackagedConffiles conffiles) {
        this.conffiles = conffiles;
        this.root = root;
        this.packages = packages;
        this.listed = listed;
        this.filesOf = filesOf;
        this.divertedTo = divertedTo;
        this.divertedBy = divertedBy;
        this.alternativeLinks = alternativeLinks;
        this.usrAliases = usrAliases;
    }

    /** True when {@code root} has a dpkg status file. */
    public static boolean exists(Path root) {
        return Files.isRegularFile(SourceRoot.of(root).host(DPKG + "/status"));
    }

    /**
     * Reads the database of {@code root}. A root without one (not Debian) gives an empty database: every
     * file is then unowned, which is the truth as far as dpkg can tell.
     */
    public static DpkgDatabase read(Path rootDir) throws IOException {
        SourceRoot root = SourceRoot.of(rootDir);
        Map<String, InstalledPackage> packages = new TreeMap<>();
        Map<String, String> conffileMd5 = new HashMap<>();
        Path status = root.host(DPKG + "/status");
        if (Files.isRegularFile(status)) {
            for (Map<String, String> p : ControlFile.parse(Files.readString(status, StandardCharsets.UTF_8))) {
                // A removed package's conffiles stay, and so do their shipped digests.
                PackagedConffiles.addDigests(p, conffileMd5);
                String name = p.get("Package");
                String st = p.getOrDefault("Status", "");
                if (name == null || !st.endsWith(" installed")) {
                    continue; // "deinstall ok config-files" and half-installed packages own nothing usable
                }
                String source = p.getOrDefault("Source", name);
                int sp = source.indexOf(' ');
                packages.put(name, new InstalledPackage(name, p.getOrDefault("Architecture", ""),
                        p.getOrDefault("Version", ""), sp < 0 ? source : source.substring(0, sp)));
            }
        }
        Map<String, List<String>> listed = new HashMap<>();
        Map<String, List<String>> filesOf = new HashMap<>();
        Path info = root.host(DPKG + "/info");
        if (Files.isDirectory(info)) {
            try (DirectoryStream<Path> lists = Files.newDirectoryStream(info, "*.list")) {
                for (Path list : lists) {
                    String file = list.getFileName().toString();
                    String pkg = file.substring(0, file.length() - ".list".length());
                    int colon = pkg.indexOf(':');
                    if (colon >= 0) {
                        pkg = pkg.substring(0, colon); // multi-arch: "libc6:amd64.list"
                    }
                    if (!packages.containsKey(pkg)) {
                        continue; // a removed package's list names only its leftover conffiles
                    }
                    List<String> own = filesOf.computeIfAbsent(pkg, k -> new ArrayList<>());
                    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                        if (line.startsWith("/")) {
                            String path = line.equals("/.") ? "/" : line;
                            own.add(path);
                            List<String> owners = listed.computeIfAbsent(path, k -> new ArrayList<>(1));
                            if (!owners.contains(pkg)) {
                                owners.add(pkg);
                            }
                        }
                    }
                }
            }
        }
        Map<String, String[]> divertedTo = new HashMap<>();
        Map<String, String> divertedBy = new HashMap<>();
        Path diversions = root.host(DPKG + "/diversions");
        if (Files.isRegularFile(diversions)) {
            List<String> lines = Files.readAllLines(diversions, StandardCharsets.UTF_8);
            for (int i = 0; i + 2 < lines.size(); i += 3) { // triples: original, diverted, package
                String original = lines.get(i);
                String diverted = lines.get(i + 1);
                String by = lines.get(i + 2); // ":" for a local diversion (no package)
                divertedTo.put(diverted, new String[] {original, by});
                divertedBy.put(original, by);
            }
        }
        Map<String, String> alternativeLinks = new HashMap<>();
        Path alternatives = root.host(DPKG + "/alternatives");
        if (Files.isDirectory(alternatives)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(alternatives)) {
                for (Path f : files) {
                    readAlternative(f, alternativeLinks);
                }
            }
        }
        Map<String, String> usrAliases = new TreeMap<>();
        for (String dir : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32", "libo32")) {
            String target = root.readlink("/" + dir);
            if (target != null && (target.equals("usr/" + dir) || target.equals("/usr/" + dir))) {
                usrAliases.put("/" + dir, "/usr/" + dir);
            }
        }
        return new DpkgDatabase(root, Collections.unmodifiableMap(packages), listed, filesOf, divertedTo, divertedBy,
                alternativeLinks, usrAliases, new PackagedConffiles(conffileMd5));
    }

    /**
     * One alternative's file: mode, master link, then (slave name, slave link) pairs up to a blank line,
     * then the choices. Only the names and links matter here: the current choice is read from the
     * {@code /etc/alternatives/NAME} symlink itself, which is what the service followed.
     */
    private static void readAlternative(Path f, Map<String, String> links) throws IOException {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        String name = f.getFileName().toString();
        if (lines.size() < 2) {
            return;
        }
        links.put(lines.get(1), name);
        links.put("/etc/alternatives/" + name, name);
        for (int i = 2; i + 1 < lines.size() && !lines.get(i).isEmpty(); i += 2) {
            String slave = lines.get(i);
            links.put(lines.get(i + 1), slave);
            links.put("/etc/alternatives/" + slave, slave);
        }
    }

    /** The conffiles of every package the status lists, with the digests of their shipped text. */
    public PackagedConffiles conffiles() {
        return conffiles;
    }

    /** The installed packages by name. */
    public Map<String, InstalledPackage> packages() {
        return packages;
    }

    /** The installed package called {@code name}, or null. */
    public InstalledPackage pkg(String name) {
        return packages.get(name);
    }

    /**
     * Where the files {@code pkg}'s list names are now, in the list's order: a file another package
     * (or the admin) diverted lies at the diverted name. Paths are as listed (on a merged-/usr root
     * "/bin/ls" lies at "/usr/bin/ls" through the "/bin" symlink). Empty for a package not installed.
     */
    public List<String> files(String pkg) {
        List<String> own = filesOf.getOrDefault(pkg, List.of());
        if (divertedBy.isEmpty()) {
            return List.copyOf(own);
        }
        Map<String, String> away = new HashMap<>();
        divertedTo.forEach((diverted, d) -> away.put(d[0], diverted));
        List<String> out = new ArrayList<>(own.size());
        for (String path : own) {
            String by = divertedBy.get(path);
            out.add(by != null && !by.equals(pkg) && away.containsKey(path) ? away.get(path) : path);
        }
        return out;
    }

    /**
     * The packages that own {@code path} (several for a shared directory), each with how it was found;
     * empty when none does.
     */
    public List<Owner> owners(String path) {
        if (usrAliases.containsKey(path)) {
            // "/lib" is a directory in every package that lists it, but here it is merged-/usr's symlink,
            // made by debootstrap: it ships none of those packages.
            return List.of();
        }
        Set<Owner> out = new LinkedHashSet<>();
        addOwners(path, null, out);
        if (out.isEmpty()) {
            for (String alias : aliases(path)) {
                addOwners(alias, "usrmerge alias of " + alias, out);
            }
        }
        if (out.isEmpty()) {
            String alt = alternativeLinks.get(path);
            if (alt == null) {
                for (String alias : aliases(path)) {
                    alt = alt == null ? alternativeLinks.get(alias) : alt;
                }
            }
            if (alt != null) {
                String chosen = root.follow("/etc/alternatives/" + alt);
                if (chosen != null && !chosen.equals(path)) {
                    for (Owner o : ownersNoAlternatives(chosen)) {
                        out.add(new Owner(o.pkg(), "alternative " + alt + " -> " + chosen));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private List<Owner> ownersNoAlternatives(String path) {
        Set<Owner> out = new LinkedHashSet<>();
        addOwners(path, null, out);
        for (String alias : aliases(path)) {
            if (out.isEmpty()) {
                addOwners(alias, "usrmerge alias of " + alias, out);
            }
        }
        return List.copyOf(out);
    }

    private void addOwners(String path, String via, Set<Owner> out) {
        String[] diversion = divertedTo.get(path);
        if (diversion != null) {
            // The file at DIVERTED is the one the other packages list as ORIGINAL.
            for (String pkg : listed.getOrDefault(diversion[0], List.of())) {
                if (!pkg.equals(diversion[1])) {
                    out.add(new Owner(pkg, "diversion of " + diversion[0]));
                }
            }
            return;
        }
        String by = divertedBy.get(path);
        for (String pkg : listed.getOrDefault(path, List.of())) {
            // A diverted ORIGINAL holds the diverting package's file; a local diversion (":") holds the
            // admin's, which no package owns.
            if (by == null || by.equals(pkg)) {
                out.add(new Owner(pkg, via));
            }
        }
    }

    /** The other spellings of {@code path} under usrmerge ("/usr/bin/ls" ↔ "/bin/ls"). */
    private List<String> aliases(String path) {
        List<String> out = new ArrayList<>(1);
        for (Map.Entry<String, String> a : usrAliases.entrySet()) {
            String link = a.getKey();
            String real = a.getValue();
            if (path.startsWith(real + "/")) {
                out.add(link + path.substring(real.length()));
            } else if (path.startsWith(link + "/")) {
                out.add(real + path.substring(link.length()));
            }
        }
        return out;
    }
}
