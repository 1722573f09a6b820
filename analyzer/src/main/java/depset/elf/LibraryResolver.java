package depset.elf;

import depset.meta.SourceRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a DT_NEEDED library in a source root the way glibc's {@code ld.so} would find it there:
 * a name with a slash as it is; otherwise the RPATHs of the object and the objects that loaded it
 * (only when the object has no RUNPATH), its RUNPATH, the root's {@code /etc/ld.so.cache}, and the
 * default directories (the multiarch ones first, as Debian's loader has them:
 * {@code /lib/x86_64-linux-gnu}, {@code /usr/lib/x86_64-linux-gnu}, {@code /lib}, {@code /usr/lib}).
 * {@code $ORIGIN}, {@code $LIB} and {@code $PLATFORM} are expanded; a candidate counts only when
 * it is a regular ELF file of the requester's class, byte order and machine (the loader skips the
 * others and searches on). {@code LD_LIBRARY_PATH} is not used: it belongs to a run, not to the root.
 */
public final class LibraryResolver {
    /**
     * An object the loader mapped, with the chain that loaded it (for inherited RPATHs).
     *
     * @param path   the path it was found under (its {@code $ORIGIN} is this path's directory)
     * @param real   that path with every symlink followed inside the root
     * @param elf    its headers
     * @param loader the object whose DT_NEEDED named it, or null for a program or a file of the set
     * @param secure a setuid or setgid program's chain: {@code $ORIGIN} is ignored, as glibc does
     */
    public record Loaded(String path, String real, ElfFile elf, Loaded loader, boolean secure) {
    }

    /**
     * A resolved DT_NEEDED.
     *
     * @param path  the path the loader opens
     * @param real  that path with its symlinks followed
     * @param links the symlinks met on the way, in the root's terms
     * @param via   how it was found: "RPATH", "RUNPATH", "ld.so.cache", "default path", "path in DT_NEEDED"
     * @param elf   the library's headers
     */
    public record Found(String path, String real, List<String> links, String via, ElfFile elf) {
    }

    private final SourceRoot root;
    private final LdSoCache cache;
    private final Map<String, Object> parsed = new HashMap<>(); // real path → ElfFile or ElfFormatException/IOException

    public LibraryResolver(SourceRoot root, LdSoCache cache) {
        this.root = root;
        this.cache = cache;
    }

    /**
     * The headers of the regular file at {@code real} (a path without symlinks), parsed once.
     *
     * @throws IOException (an {@link ElfFormatException} for a malformed one) when it cannot be read as ELF
     */
    public ElfFile elf(String real) throws IOException {
        Object o = parsed.get(real);
        if (o == null) {
            try {
                o = ElfReader.read(root.host(real));
            } catch (IOException e) {
                o = e;
            }
            parsed.put(real, o);
        }
        if (o instanceof IOException e) {
            throw e;
        }
        return (ElfFile) o;
    }

    /** Where {@code needed} of {@code requester} is, or null with the directories searched added to {@code searched}. */
    public Found resolve(String needed, Loaded requester, List<String> searched) {
        if (needed.contains("/")) {
            if (!needed.startsWith("/")) {
                searched.add("(a relative path: depends on the run's working directory)");
                return null;
            }
            searched.add(needed);
            return candidate(needed, "path in DT_NEEDED", requester.elf());
        }
        ElfFile elf = requester.elf();
        if (elf.runpath().isEmpty()) {
            for (Loaded l = requester; l != null; l = l.loader()) {
                if (l.elf().runpath().isEmpty()) { // an object with a RUNPATH has no RPATH to the loader
                    Found f = searchDirs(needed, l.elf().rpath(), l, requester, "RPATH", searched);
                    if (f != null) {
                        return f;
                    }
                }
            }
        } else {
            Found f = searchDirs(needed, elf.runpath(), requester, requester, "RUNPATH", searched);
            if (f != null) {
                return f;
            }
        }
        Found best = null;
        for (LdSoCache.Entry e : cache.lookup(needed)) {
            if (!LdSoCache.fits(e, elf)) {
                continue;
            }
            Found f = candidate(e.path(), "ld.so.cache", elf);
            // The baseline entry (hwcap 0) is what any CPU loads; a glibc-hwcaps variant only on some.
            if (f != null && (best == null || e.hwcap() == 0)) {
                best = f;
                if (e.hwcap() == 0) {
                    break;
                }
            }
        }
        if (best != null) {
            return best;
        }
        if (cache.size() > 0) {
            searched.add("ld.so.cache");
        }
        return searchDirs(needed, defaultDirs(elf), requester, requester, "default path", searched);
    }

    private Found searchDirs(String needed, List<String> dirs, Loaded owner, Loaded requester, String via,
                             List<String> searched) {
        for (String raw : dirs) {
            String dir = expand(raw, owner);
            if (dir == null) {
                continue;
            }
            String path = (dir.endsWith("/") ? dir : dir + "/") + needed;
            searched.add(dir);
            Found f = candidate(path, via, requester.elf());
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private Found candidate(String path, String via, ElfFile requester) {
        List<String> links = new ArrayList<>();
        String real = root.follow(path, links::add);
        if (real == null || !Files.isRegularFile(root.host(real), LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        ElfFile lib;
        try {
            lib = elf(real);
        } catch (IOException e) {
            return null; // the loader too passes over a file it cannot use and searches on
        }
        return lib.compatibleWith(requester) ? new Found(path, real, List.copyOf(links), via, lib) : null;
    }

    /**
     * A RUNPATH/RPATH element with its dynamic string tokens expanded; null when the loader would
     * skip it or it depends on the run (an empty or relative element means the working directory).
     */
    String expand(String element, Loaded owner) {
        String s = element;
        if (s.contains("$ORIGIN") || s.contains("${ORIGIN}")) {
            if (owner.secure()) {
                return null;
            }
            String origin = parentOf(owner.path());
            s = s.replace("${ORIGIN}", origin).replace("$ORIGIN", origin);
        }
        List<String> triplets = triplets(owner.elf());
        if (s.contains("$LIB") || s.contains("${LIB}")) {
            String lib = triplets.isEmpty() ? (owner.elf().is64() ? "lib64" : "lib") : "lib/" + triplets.get(0);
            s = s.replace("${LIB}", lib).replace("$LIB", lib);
        }
        if (s.contains("$PLATFORM") || s.contains("${PLATFORM}")) {
            String platform = platform(owner.elf());
            if (platform == null) {
                return null;
            }
            s = s.replace("${PLATFORM}", platform).replace("$PLATFORM", platform);
        }
        return s.startsWith("/") ? s : null;
    }

    /** The directories the loader searches last, multiarch first (Debian's order), then the classic ones. */
    static List<String> defaultDirs(ElfFile elf) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : triplets(elf)) {
            out.add("/lib/" + t);
            out.add("/usr/lib/" + t);
        }
        out.add("/lib");
        out.add("/usr/lib");
        if (elf.is64()) {
            out.add("/lib64"); // upstream glibc's 64-bit default, for a root that is not Debian
            out.add("/usr/lib64");
        }
        return List.copyOf(out);
    }

    /** Debian's multiarch tuples for the requester's ABI, most likely first. */
    static List<String> triplets(ElfFile elf) {
        return switch (elf.machine()) {
            case ElfFile.EM_X86_64 -> List.of(elf.is64() ? "x86_64-linux-gnu" : "x86_64-linux-gnux32");
            case ElfFile.EM_386 -> List.of("i386-linux-gnu");
            case 183 -> List.of("aarch64-linux-gnu");
            case 40 -> List.of("arm-linux-gnueabihf", "arm-linux-gnueabi");
            case 21 -> List.of(elf.bigEndian() ? "powerpc64-linux-gnu" : "powerpc64le-linux-gnu");
            case 22 -> List.of("s390x-linux-gnu");
            case 243 -> List.of("riscv64-linux-gnu");
            default -> List.of();
        };
    }

    private static String platform(ElfFile elf) {
        return switch (elf.machine()) {
            case ElfFile.EM_X86_64 -> "x86_64";
            case ElfFile.EM_386 -> "i686";
            case 183 -> "aarch64";
            default -> null;
        };
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
