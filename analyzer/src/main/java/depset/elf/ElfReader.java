package depset.elf;

import depset.trace.FileNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the program headers and the dynamic section of an ELF file: PT_INTERP, DT_NEEDED,
 * DT_SONAME, DT_RPATH and DT_RUNPATH — what {@code ld.so} reads before it maps anything.
 *
 * <p>The bytes are a source root's and may be anything: every offset and size is checked against
 * the file's length before a read, tables and strings have hard caps, and arithmetic that could
 * overflow is done in checked longs. A file that breaks any of this gives an {@link ElfFormatException}
 * naming the structure; nothing else is thrown for bad bytes. Only the parts named are read, never
 * the whole file (a library can be hundreds of megabytes).
 */
public final class ElfReader {
    static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
    /** Caps on what one file may make us read: far above any real file's, far below harm. */
    static final int MAX_TABLE = 1 << 20;
    static final int MAX_STRING = 4096;
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final int PN_XNUM = 0xffff;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    private static final long DT_SONAME = 14;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;

    /** Positional reads of a file or of bytes in memory. */
    private interface Source {
        long size();

        /** Exactly {@code length} bytes at {@code offset}; the caller has checked they lie inside. */
        ByteBuffer read(long offset, int length) throws IOException;
    }

    private final Source src;
    private final String name;
    private ByteOrder order;
    private boolean is64;

    private ElfReader(Source src, String name) {
        this.src = src;
        this.name = name;
    }

    /** True when the file starts with the ELF magic; false for anything else, including what cannot be read. */
    public static boolean isElf(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(MAGIC.length);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // a short read from a pipe-like file is retried until end of file
            }
            return !b.hasRemaining() && Arrays.equals(b.array(), MAGIC);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Reads {@code file}.
     *
     * @throws ElfFormatException when it is not ELF or its structures do not fit
     * @throws IOException        when it cannot be read
     */
    public static ElfFile read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            return new ElfReader(new Source() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public ByteBuffer read(long offset, int length) throws IOException {
                    ByteBuffer b = ByteBuffer.allocate(length);
                    while (b.hasRemaining()) {
                        if (ch.read(b, offset + b.position()) < 0) {
                            throw new ElfFormatException(file + ": ends early (it shrank while read?)");
                        }
                    }
                    return b.flip();
                }
            }, file.toString()).parse();
        }
    }

    /** Reads an ELF image held in memory; {@code name} is for messages. */
    public static ElfFile parse(byte[] bytes, String name) throws ElfFormatException {
        try {
            return new ElfReader(new Source() {
                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public ByteBuffer read(long offset, int length) {
                    return ByteBuffer.wrap(bytes, (int) offset, length).slice();
                }
            }, name).parse();
        } catch (ElfFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("memory cannot fail to read", e);
        }
    }

    private ElfFile parse() throws IOException {
        if (src.size() < 16) {
            throw bad("too short for an ELF header (" + src.size() + " bytes)");
        }
        ByteBuffer ident = src.read(0, 16);
        for (int i = 0; i < MAGIC.length; i++) {
            if (ident.get(i) != MAGIC[i]) {
                throw bad("not an ELF file (no \\x7fELF magic)");
            }
        }
        int cls = ident.get(4);
        int data = ident.get(5);
        if (cls != 1 && cls != 2) {
            throw bad("unknown ELF class " + cls);
        }
        if (data != 1 && data != 2) {
            throw bad("unknown ELF byte order " + data);
        }
        if (ident.get(6) != 1) {
            throw bad("unknown ELF version " + ident.get(6));
        }
        is64 = cls == 2;
        order = data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        int ehsize = is64 ? 64 : 52;
        ByteBuffer eh = region(0, ehsize, "ELF header");
        int type = u16(eh, 16);
        int machine = u16(eh, 18);
        long phoff = word(eh, is64 ? 32 : 28, "e_phoff");
        int phentsize = u16(eh, is64 ? 54 : 42);
        long phnum = u16(eh, is64 ? 56 : 44);
        if (phnum == PN_XNUM) {
            phnum = extendedPhnum(eh);
        }
        List<long[]> loads = new ArrayList<>();
        String interpreter = null;
        long[] dynamic = null;
        if (phnum > 0) {
            int minEntry = is64 ? 56 : 32;
            if (phentsize < minEntry) {
                throw bad("program header entries of " + phentsize + " bytes (at least " + minEntry + " needed)");
            }
            long tableSize = Math.multiplyExact(phnum, (long) phentsize);
            ByteBuffer table = region(phoff, tableSize, "program header table");
            for (int i = 0; i < phnum; i++) {
                int at = i * phentsize;
                long ptype = u32(table, at);
                long offset = word(table, at + (is64 ? 8 : 4), "p_offset");
                long vaddr = word(table, at + (is64 ? 16 : 8), "p_vaddr");
                long filesz = word(table, at + (is64 ? 32 : 16), "p_filesz");
                if (ptype == PT_LOAD) {
                    loads.add(new long[] {vaddr, offset, filesz});
                } else if (ptype == PT_INTERP && interpreter == null) {
                    interpreter = interp(offset, filesz);
                } else if (ptype == PT_DYNAMIC && dynamic == null) {
                    dynamic = new long[] {offset, filesz};
                }
            }
        }
        if (dynamic == null) {
            return new ElfFile(is64, order == ByteOrder.BIG_ENDIAN, type, machine, interpreter, List.of(), null,
                    List.of(), List.of(), false);
        }
        return withDynamic(type, machine, interpreter, dynamic, loads);
    }

    private ElfFile withDynamic(int type, int machine, String interpreter, long[] dynamic, List<long[]> loads)
            throws IOException {
        int entry = is64 ? 16 : 8;
        ByteBuffer dyn = region(dynamic[0], dynamic[1] - dynamic[1] % entry, "dynamic segment");
        List<Long> needed = new ArrayList<>();
        long strtab = -1;
        long strsz = -1;
        long soname = -1;
        long rpath = -1;
        long runpath = -1;
        for (int at = 0; at + entry <= dyn.limit(); at += entry) {
            long tag = is64 ? dyn.getLong(at) : dyn.getInt(at);
            long val = is64 ? dyn.getLong(at + 8) : u32(dyn, at + 4);
            if (tag == DT_NULL) {
                break;
            }
            if (tag == DT_NEEDED) {
                needed.add(val);
            } else if (tag == DT_STRTAB) {
                strtab = val;
            } else if (tag == DT_STRSZ) {
                strsz = val;
            } else if (tag == DT_SONAME) {
                soname = val;
            } else if (tag == DT_RPATH) {
                rpath = val;
            } else if (tag == DT_RUNPATH) {
                runpath = val;
            }
        }
        boolean anyString = !needed.isEmpty() || soname >= 0 || rpath >= 0 || runpath >= 0;
        if (!anyString) {
            return new ElfFile(is64, order == ByteOrder.BIG_ENDIAN, type, machine, interpreter, List.of(), null,
                    List.of(), List.of(), true);
        }
        if (strtab == -1) {
            throw bad("a dynamic section names strings but has no DT_STRTAB");
        }
        long[] table = stringTable(strtab, strsz, loads);
        List<String> names = new ArrayList<>(needed.size());
        for (long n : needed) {
            names.add(string(table, n, "DT_NEEDED"));
        }
        return new ElfFile(is64, order == ByteOrder.BIG_ENDIAN, type, machine, interpreter, names,
                soname < 0 ? null : string(table, soname, "DT_SONAME"),
                rpath < 0 ? List.of() : split(string(table, rpath, "DT_RPATH")),
                runpath < 0 ? List.of() : split(string(table, runpath, "DT_RUNPATH")), true);
    }

    /** The file range {offset, size} of the string table at virtual address {@code addr}, found through PT_LOAD. */
    private long[] stringTable(long addr, long strsz, List<long[]> loads) throws ElfFormatException {
        for (long[] l : loads) {
            long vaddr = l[0];
            long offset = l[1];
            long filesz = l[2];
            if (Long.compareUnsigned(addr, vaddr) >= 0 && Long.compareUnsigned(addr - vaddr, filesz) < 0) {
                long start = offset + (addr - vaddr); // both checked against the file size below
                long inSegment = filesz - (addr - vaddr);
                long size = strsz < 0 ? inSegment : Math.min(strsz, inSegment);
                if (start < 0 || start > src.size()) {
                    throw bad("DT_STRTAB maps outside the file");
                }
                return new long[] {start, Math.min(size, src.size() - start)};
            }
        }
        throw bad("DT_STRTAB 0x" + Long.toHexString(addr) + " lies in no loaded segment");
    }

    private String string(long[] table, long index, String what) throws IOException {
        if (index < 0 || index >= table[1]) {
            throw bad(what + " string offset " + Long.toUnsignedString(index) + " lies outside the string table ("
                    + table[1] + " bytes)");
        }
        int len = (int) Math.min(MAX_STRING + 1, table[1] - index);
        ByteBuffer b = src.read(table[0] + index, len);
        for (int i = 0; i < len; i++) {
            if (b.get(i) == 0) {
                byte[] s = new byte[i];
                b.get(0, s);
                return FileNames.fromBytes(s);
            }
        }
        throw bad(what + " string at " + index + " is not terminated within " + Math.min(len, MAX_STRING) + " bytes");
    }

    private String interp(long offset, long filesz) throws IOException {
        if (filesz > MAX_STRING) {
            throw bad("PT_INTERP of " + filesz + " bytes (at most " + MAX_STRING + ")");
        }
        ByteBuffer b = region(offset, filesz, "PT_INTERP");
        for (int i = 0; i < b.limit(); i++) {
            if (b.get(i) == 0) {
                if (i == 0) {
                    throw bad("PT_INTERP is empty");
                }
                byte[] s = new byte[i];
                b.get(0, s);
                return FileNames.fromBytes(s);
            }
        }
        throw bad("PT_INTERP is not NUL-terminated");
    }

    /** e_phnum was PN_XNUM: the real count is section header 0's sh_info. */
    private long extendedPhnum(ByteBuffer eh) throws IOException {
        long shoff = word(eh, is64 ? 40 : 32, "e_shoff");
        if (shoff == 0) {
            throw bad("e_phnum is PN_XNUM but there is no section header 0");
        }
        ByteBuffer sh0 = region(shoff, is64 ? 64 : 40, "section header 0");
        return u32(sh0, is64 ? 44 : 28);
    }

    /** {@code size} bytes at {@code offset}, after checking they lie inside the file and under the cap. */
    private ByteBuffer region(long offset, long size, String what) throws IOException {
        if (offset < 0 || size < 0) {
            throw bad(what + " at an offset or of a size past 2^63");
        }
        if (size > MAX_TABLE) {
            throw bad(what + " of " + size + " bytes (at most " + MAX_TABLE + ")");
        }
        if (offset > src.size() || size > src.size() - offset) {
            throw bad(what + " (" + size + " bytes at " + offset + ") runs past the end of the file ("
                    + src.size() + " bytes)");
        }
        return src.read(offset, (int) size).order(order);
    }

    /** An address, offset or size field: 4 bytes in ELFCLASS32, 8 in ELFCLASS64; negative means past 2^63. */
    private long word(ByteBuffer b, int at, String what) throws ElfFormatException {
        long v = is64 ? b.getLong(at) : u32(b, at);
        if (v < 0 && !what.equals("p_vaddr")) {
            throw bad(what + " 0x" + Long.toHexString(v) + " is past 2^63");
        }
        return v;
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xffff;
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xffffffffL;
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split(":", -1)) {
            out.add(p); // an empty element means the current directory to ld.so; callers decide
        }
        return out;
    }

    private ElfFormatException bad(String what) {
        return new ElfFormatException(name + ": " + what);
    }
}
