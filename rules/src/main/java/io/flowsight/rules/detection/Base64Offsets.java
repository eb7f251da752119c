package io.flowsight.rules.detection;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Sigma's {@code base64offset}: text inside a larger base64 string encodes differently depending on its offset
 * modulo 3. For each offset 0, 1, 2 the value is encoded after that many filler bytes, and the characters that
 * depend on the filler (at the front) or on what follows (at the end, where padding was) are cut, leaving the part
 * that appears verbatim in any base64 text containing the value at that offset.
 */
final class Base64Offsets {
    /** Characters that carry filler bits at the front, for offsets 0, 1, 2. */
    private static final int[] CUT_FRONT = {0, 2, 3};
    /** Characters that carry padding bits at the end, by (offset + length) % 3: none, the partial one and "==", the partial one and "=". */
    private static final int[] CUT_BACK = {0, 3, 2};

    private Base64Offsets() {
    }

    static List<String> of(byte[] value) {
        List<String> variants = new ArrayList<>(3);
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + value.length];
            System.arraycopy(value, 0, shifted, offset, value.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            int end = encoded.length() - CUT_BACK[(offset + value.length) % 3];
            variants.add(encoded.substring(Math.min(CUT_FRONT[offset], end), end));
        }
        return variants;
    }
}
