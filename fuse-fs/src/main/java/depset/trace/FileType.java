package depset.trace;

/** The type of an inode, from the {@code S_IFMT} bits of its mode. */
public enum FileType {
    FILE, DIRECTORY, SYMLINK, FIFO, SOCKET, CHAR_DEVICE, BLOCK_DEVICE;

    /** The type for a {@code st_mode}; null when the bits name no known type. */
    public static FileType ofMode(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> FILE;
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMLINK;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            case 0020000 -> CHAR_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            default -> null;
        };
    }

    /** The {@code S_IFMT} bits of this type. */
    public int modeBits() {
        return switch (this) {
            case FILE -> 0100000;
            case DIRECTORY -> 0040000;
            case SYMLINK -> 0120000;
            case FIFO -> 0010000;
            case SOCKET -> 0140000;
            case CHAR_DEVICE -> 0020000;
            case BLOCK_DEVICE -> 0060000;
        };
    }
}
