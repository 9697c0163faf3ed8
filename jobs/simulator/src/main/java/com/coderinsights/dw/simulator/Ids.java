package com.coderinsights.dw.simulator;

import java.util.SplittableRandom;

/** Random (version 4) UUIDs from a seeded generator, so a seed always gives the same ids. */
final class Ids {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    static String uuid(SplittableRandom rnd) {
        long hi = (rnd.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lo = (rnd.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        char[] c = new char[36];
        int p = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                c[p++] = '-';
            }
            int v = (int) ((i < 8 ? hi >>> (56 - 8 * i) : lo >>> (56 - 8 * (i - 8))) & 0xff);
            c[p++] = HEX[v >>> 4];
            c[p++] = HEX[v & 0xf];
        }
        return new String(c);
    }
}
