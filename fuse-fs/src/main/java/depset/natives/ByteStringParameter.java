package depset.natives;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.NulTerminate;
import jnr.ffi.mapper.ToNativeContext;
import jnr.ffi.mapper.ToNativeConverter;

/**
 * Passes a {@code String} argument of {@link LibC} to C as the byte string it holds (one char
 * 0–255 per byte, ISO-8859-1), NUL-terminated, in input only.
 *
 * <p>Why not jnr-ffi's own converter: it encodes through a {@code CharsetEncoder}, one char at a
 * time through a {@code CharBuffer}, on every call. The request path passes a name to the kernel
 * several times per request, and until the JIT has compiled that loop (the first hundreds of
 * requests of a traced program) it ran interpreted, a few microseconds a name. Here the string's
 * Latin-1 array is copied in bulk ({@link String#getBytes}). A char above 0xFF, which no byte
 * string holds, becomes {@code ?} in both.
 */
@ToNativeConverter.NoContext
@ToNativeConverter.Cacheable
public final class ByteStringParameter implements ToNativeConverter<CharSequence, ByteBuffer> {
    /** The one converter. */
    public static final ByteStringParameter INSTANCE = new ByteStringParameter();

    private ByteStringParameter() {
    }

    @Override
    @In
    @NulTerminate
    public ByteBuffer toNative(CharSequence value, ToNativeContext context) {
        return value == null ? null : ByteBuffer.wrap(value.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public Class<ByteBuffer> nativeType() {
        return ByteBuffer.class;
    }
}
