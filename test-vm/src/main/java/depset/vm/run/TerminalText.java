package depset.vm.run;

import java.util.regex.Pattern;

/** What a terminal shows, without its control sequences: CR, CSI and OSC escapes removed. */
final class TerminalText {
    private static final Pattern CSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern OSC = Pattern.compile("\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)");
    private static final Pattern OTHER_ESCAPE = Pattern.compile("\u001B[()][A-Za-z0-9]|\u001B[=>]");

    private TerminalText() {
    }

    static String plain(String raw) {
        String s = OSC.matcher(raw).replaceAll("");
        s = CSI.matcher(s).replaceAll("");
        s = OTHER_ESCAPE.matcher(s).replaceAll("");
        return s.replace("\r", "");
    }
}
