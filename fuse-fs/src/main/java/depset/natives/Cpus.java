package depset.natives;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/** The machine's CPUs as the kernel numbers them, and a thread's place on one. */
public final class Cpus {
    /** The largest CPU mask {@link #pin} writes: 1,024 CPUs. */
    private static final int MASK_BYTES = 128;

    private Cpus() {
    }

    /**
     * How many CPUs the kernel could ever run ({@code /sys/devices/system/cpu/possible}, counted):
     * the number of FUSE io_uring queues, one per possible CPU. The online CPUs when that file
     * cannot be read.
     */
    public static int possible() {
        return count(Path.of("/sys/devices/system/cpu/possible"));
    }

    /** Whether {@code cpu} is online now. */
    public static boolean online(int cpu) {
        try {
            return contains(Files.readString(Path.of("/sys/devices/system/cpu/online")).trim(), cpu);
        } catch (IOException | RuntimeException e) {
            return cpu < Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * Keeps the calling thread on {@code cpu}; false when the kernel refused (an offline CPU, one
     * outside the process's own set, or beyond 1,024), and then the thread stays where it may run.
     */
    public static boolean pin(int cpu) {
        if (cpu < 0 || cpu >= MASK_BYTES * 8) {
            return false;
        }
        Pointer mask = Memory.allocateDirect(LibC.RUNTIME, MASK_BYTES, true);
        mask.putByte(cpu / 8, (byte) (1 << (cpu % 8)));
        return LibC.INSTANCE.sched_setaffinity(0, MASK_BYTES, mask) == 0;
    }

    /** The number of CPUs in a kernel CPU list file ("0-3,8,10-11"). */
    static int count(Path list) {
        try {
            int n = 0;
            for (int[] range : ranges(Files.readString(list).trim())) {
                n += range[1] - range[0] + 1;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** Whether a kernel CPU list ("0-3,8") holds {@code cpu}. */
    static boolean contains(String list, int cpu) {
        for (int[] range : ranges(list)) {
            if (cpu >= range[0] && cpu <= range[1]) {
                return true;
            }
        }
        return false;
    }

    /** A kernel CPU list's ranges, first and last CPU each ("8" is 8 to 8). */
    private static List<int[]> ranges(String list) {
        List<int[]> ranges = new ArrayList<>();
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            ranges.add(new int[] {first, dash < 0 ? first : Integer.parseInt(part.substring(dash + 1))});
        }
        return ranges;
    }
}
