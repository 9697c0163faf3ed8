package com.coderinsights.dw.serving.api;

import java.util.regex.Pattern;

/**
 * Parameter descriptions as plain text, as Coder's API returns them (it renders the markdown and keeps the text):
 * emphasis, code spans, headings, list and quote markers and link targets go; link and image texts stay.
 */
final class Markdown {

    private static final Pattern IMAGE_OR_LINK = Pattern.compile("!?\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern EMPHASIS = Pattern.compile("(\\*\\*|__|\\*|_|~~|`)(.+?)\\1");
    private static final Pattern LINE_MARKERS = Pattern.compile("(?m)^\\s{0,3}(#{1,6}\\s+|>\\s?|[-*+]\\s+|\\d+[.)]\\s+)");

    private Markdown() {
    }

    static String plaintext(String markdown) {
        if (markdown == null || markdown.isEmpty()) {
            return "";
        }
        String s = IMAGE_OR_LINK.matcher(markdown).replaceAll("$1");
        s = LINE_MARKERS.matcher(s).replaceAll("");
        String before;
        do {
            before = s;
            s = EMPHASIS.matcher(s).replaceAll("$2");
        } while (!s.equals(before));
        return s.strip();
    }
}
