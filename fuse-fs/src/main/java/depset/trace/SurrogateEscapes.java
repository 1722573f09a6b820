package depset.trace;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Jackson escapes that write every UTF-16 surrogate as a <code>&#92;uXXXX</code> escape, so that names
 * holding escaped bytes ({@link FileNames}: lone surrogates U+DC80–U+DCFF) stay exact in JSON
 * written through a {@code Writer} or to a {@code String}, where Jackson would otherwise pass a
 * lone surrogate through raw and the text could not be encoded as UTF-8. (Jackson's byte-stream
 * generator escapes them already.)
 */
public final class SurrogateEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE) {
            return new SerializedString(String.format("\\u%04X", ch));
        }
        return null;
    }
}
