package depset.elf;

import depset.trace.FileNames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A root's {@code /etc/ld.so.cache} as glibc's loader reads it: the "glibc-ld.so.cache1.1" table of
 * (flags, soname, path, hwcap) entries, alone (glibc 2.32 and later write only this) or after the
 * old "ld.so-1.7.0" table (older ldconfig wrote both; the loader reads the new one). String offsets
 * count from the start of the new table's header.
 *
 * <p>Like {@link ElfReader}, every count and offset is checked against the file before use.
 */
public final class LdSoCache {
    static final String MAGIC_NEW = "glibc-ld.so.cache1.1";
    static final String MAGIC_OLD = "ld.so-1.7.0";
    private static final int HEADER_NEW = 48;
    private static final int ENTRY_NEW = 24;
    private static final int ENTRY_OLD = 12;
    /** {@code FLAG_ELF_LIBC6}: the only entry type glibc's loader accepts. */
    static final int FLAG_ELF_LIBC6 = 0x0003;
    static final int FLAG_TYPE_MASK = 0x00ff;
    static final int FLAG_REQUIRED_MASK = 0xff00;

    /**
     * One entry.
     *
     * @param soname the name a DT_NEEDED asks for
     * @param path   where the library is
     * @param flags  type and ABI bits ({@code FLAG_X8664_LIB64} …)
     * @param hwcap  0 for the baseline library; otherwise a glibc-hwcaps or legacy hwcap variant
     */
    public record Entry(String soname, String path, int flags, long hwcap) {
    }

    private static final LdSoCache EMPTY = new LdSoCache(Map.of(), 0);

    private final Map<String, List<Entry>> bySoname;
    private final int size;

    private LdSoCache(Map<String, List<Entry>> bySoname, int size) {
        this.bySoname = bySoname;
        this.size = size;
    }

    /** A cache with no entries: a root without {@code /etc/ld.so.cache} (the loader then searches the default paths). */
    public static LdSoCache empty() {
        return EMPTY;
    }

    /**
     * Parses the cache's bytes; {@code name} is for messages.
     *
     * @throws ElfFormatException when the bytes hold no new-format table or it does not fit
     */
    public static LdSoCache parse(byte[] bytes, String name) throws ElfFormatException {
        int start = newTableOffset(bytes, name);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        // Byte 28 says the writer's byte order (2 little, 3 big); 0 means "as this machine", which
        // for a root on this host is little-endian on every architecture depset runs on.
        int endian = bytes[start + 28] & 0xff;
        b.order(endian == 3 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long nlibs = b.getInt(start + 20) & 0xffffffffL;
        long room = (bytes.length - start - HEADER_NEW) / ENTRY_NEW;
        if (nlibs > room) {
            throw new ElfFormatException(name + ": " + nlibs + " entries announced, room for " + room);
        }
        Map<String, List<Entry>> out = new HashMap<>();
        for (int i = 0; i < nlibs; i++) {
            int at = start + HEADER_NEW + i * ENTRY_NEW;
            int flags = b.getInt(at);
            long key = b.getInt(at + 4) & 0xffffffffL;
            long value = b.getInt(at + 8) & 0xffffffffL;
            long hwcap = b.getLong(at + 16);
            Entry e = new Entry(string(bytes, start, key, name), string(bytes, start, value, name), flags, hwcap);
            out.computeIfAbsent(e.soname(), k -> new ArrayList<>(2)).add(e);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return new LdSoCache(Map.copyOf(out), (int) nlibs);
    }

    /** Where the new table starts: at 0, or after the old table (aligned as ldconfig aligns it). */
    private static int newTableOffset(byte[] bytes, String name) throws ElfFormatException {
        if (startsWith(bytes, 0, MAGIC_NEW)) {
            return checkHeader(bytes, 0, name);
        }
        if (!startsWith(bytes, 0, MAGIC_OLD)) {
            throw new ElfFormatException(name + ": not an ld.so.cache (neither " + MAGIC_NEW + " nor " + MAGIC_OLD
                    + " magic)");
        }
        if (bytes.length < 16) {
            throw new ElfFormatException(name + ": old-format header cut short");
        }
        long nold = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12) & 0xffffffffL;
        long end = 16 + nold * ENTRY_OLD;
        for (int align : new int[] {8, 4}) { // alignof(struct cache_file_new): 8 on 64-bit, 4 on i386
            long at = (end + align - 1) / align * align;
            if (at + HEADER_NEW <= bytes.length && startsWith(bytes, (int) at, MAGIC_NEW)) {
                return checkHeader(bytes, (int) at, name);
            }
        }
        throw new ElfFormatException(name + ": old-format cache only (no " + MAGIC_NEW + " table), which glibc's "
                + "loader no longer reads");
    }

    private static int checkHeader(byte[] bytes, int at, String name) throws ElfFormatException {
        if (bytes.length - at < HEADER_NEW) {
            throw new ElfFormatException(name + ": header cut short");
        }
        return at;
    }

    private static boolean startsWith(byte[] bytes, int at, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length - at < m.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (bytes[at + i] != m[i]) {
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] bytes, int base, long offset, String name) throws ElfFormatException {
        long at = base + offset;
        if (at >= bytes.length) {
            throw new ElfFormatException(name + ": string offset " + offset + " lies past the end");
        }
        int limit = (int) Math.min(bytes.length, at + ElfReader.MAX_STRING);
        for (int i = (int) at; i < limit; i++) {
            if (bytes[i] == 0) {
                return FileNames.fromBytes(bytes, (int) at, i - (int) at);
            }
        }
        throw new ElfFormatException(name + ": string at " + offset + " is not terminated");
    }

    /** The entries for {@code soname}, in the cache's order (the loader takes the first that fits). */
    public List<Entry> lookup(String soname) {
        return bySoname.getOrDefault(soname, List.of());
    }

    /** The number of entries. */
    public int size() {
        return size;
    }

    /**
     * The {@code FLAG_REQUIRED_MASK} bits ldconfig gives the libraries of {@code requester}'s ABI, or
     * -1 when several are possible (the loader's own check of the file decides then).
     */
    static int requiredFlags(ElfFile requester) {
        return switch (requester.machine()) {
            case ElfFile.EM_X86_64 -> requester.is64() ? 0x0300 : 0x0800; // FLAG_X8664_LIB64, FLAG_X8664_LIBX32
            case ElfFile.EM_386 -> 0;
            case 183 -> 0x0a00; // EM_AARCH64: FLAG_AARCH64_LIB64
            case 21 -> requester.is64() ? 0x0500 : 0; // EM_PPC64: FLAG_POWERPC_LIB64
            case 22 -> requester.is64() ? 0x0400 : 0; // EM_S390: FLAG_S390_LIB64
            default -> -1; // ARM hard/soft float, MIPS and RISC-V ABIs depend on e_flags
        };
    }

    /** True when the loader would consider {@code e} for {@code requester}. */
    static boolean fits(Entry e, ElfFile requester) {
        if ((e.flags() & FLAG_TYPE_MASK) != FLAG_ELF_LIBC6) {
            return false;
        }
        int required = requiredFlags(requester);
        return required < 0 || (e.flags() & FLAG_REQUIRED_MASK) == required;
    }
}
