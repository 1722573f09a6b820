package depset.closure;

import depset.elf.ElfFile;
import depset.elf.ElfReader;
import depset.elf.LdSoCache;
import depset.elf.LibraryResolver;
import depset.elf.LibraryResolver.Found;
import depset.elf.LibraryResolver.Loaded;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.meta.SourceRoot;
import depset.trace.FileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code elf}: every ELF file of the set gets its interpreter ({@code PT_INTERP}) and its
 * {@code DT_NEEDED} libraries, found as the source root's loader would find them
 * ({@link LibraryResolver}), with the symlinks on the way; and so on for what those need. A need
 * the root cannot meet is a warning: such a set fails to load whichever path the program takes.
 */
public final class ElfClosure implements Closure {
    public static final String NAME = "elf";
    public static final String RULE_NEEDED = NAME + ": needed library";
    public static final String RULE_INTERPRETER = NAME + ": interpreter";
    private static final int SETUID_SETGID = 06000;
    /** A real cache is well under a megabyte; a file far larger is not one to read into memory. */
    private static final long MAX_CACHE = 64L << 20;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void close(SetAdditions set) throws IOException {
        SourceRoot root = set.root();
        LibraryResolver resolver = new LibraryResolver(root, cache(root, set));
        Deque<Loaded> work = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (ManifestEntry e : List.copyOf(set.entries())) {
            String real = e.type() == FileType.FILE ? root.follow(e.path()) : null;
            if (real == null || !ElfReader.isElf(root.host(real))) {
                continue;
            }
            try {
                ElfFile elf = resolver.elf(real);
                if (seen.add(real)) {
                    work.add(new Loaded(e.path(), real, elf, null, (e.mode() & SETUID_SETGID) != 0));
                }
            } catch (IOException x) {
                set.warn("elf: " + e.path() + " cannot be read as ELF: " + message(x));
            }
        }
        while (!work.isEmpty()) {
            Loaded l = work.poll();
            String interp = l.elf().interpreter();
            if (interp != null) {
                Reason why = Reason.needed(RULE_INTERPRETER, "PT_INTERP " + interp, l.real());
                String real = set.addFollowing(interp, why, NAME);
                if (real == null) {
                    set.warn("elf: " + l.real() + " needs the interpreter " + interp + ", which the root does not have");
                } else if (seen.add(real)) {
                    enqueue(resolver, work, real, real, null, l.secure(), set);
                }
            }
            for (String needed : l.elf().needed()) {
                List<String> searched = new ArrayList<>();
                Found f = resolver.resolve(needed, l, searched);
                if (f == null) {
                    set.warn("elf: " + l.real() + " needs " + needed + ", which the root's loader would not find"
                            + " (searched " + String.join(", ", searched) + ")");
                    continue;
                }
                Reason why = Reason.needed(RULE_NEEDED, "DT_NEEDED " + needed + " (" + f.via() + ": " + f.path() + ")",
                        l.real());
                set.addLinks(f.links(), why, NAME);
                set.addExact(f.real(), why, NAME);
                if (seen.add(f.real())) {
                    work.add(new Loaded(f.path(), f.real(), f.elf(), l, l.secure()));
                }
            }
        }
    }

    private static void enqueue(LibraryResolver resolver, Deque<Loaded> work, String path, String real, Loaded loader,
                                boolean secure, SetAdditions set) {
        if (!Files.isRegularFile(set.root().host(real), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            work.add(new Loaded(path, real, resolver.elf(real), loader, secure));
        } catch (IOException x) {
            set.warn("elf: " + real + " cannot be read as ELF: " + message(x));
        }
    }

    /** The root's loader cache; a missing one is an empty cache, a broken one a warning and an empty cache. */
    private static LdSoCache cache(SourceRoot root, SetAdditions set) {
        String real = root.follow("/etc/ld.so.cache");
        if (real == null || !Files.isRegularFile(root.host(real), LinkOption.NOFOLLOW_LINKS)) {
            return LdSoCache.empty();
        }
        try {
            if (Files.size(root.host(real)) > MAX_CACHE) {
                throw new IOException("larger than " + MAX_CACHE + " bytes");
            }
            return LdSoCache.parse(Files.readAllBytes(root.host(real)), "/etc/ld.so.cache");
        } catch (IOException e) {
            set.warn("elf: the root's /etc/ld.so.cache cannot be read (" + message(e) + "); searching the default"
                    + " paths only");
            return LdSoCache.empty();
        }
    }

    private static String message(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
