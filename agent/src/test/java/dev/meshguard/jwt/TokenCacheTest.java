package dev.meshguard.jwt;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCacheTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static String token(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    private static TokenCache.Entry entry() {
        return new TokenCache.Entry(null, null, null, null);
    }

    @Test
    void findsOnlyTheExactToken() {
        TokenCache cache = new TokenCache();
        String token = token(new Random(1), 700);
        TokenCache.Entry e = entry();
        cache.put(token, e);
        assertSame(e, cache.get(new String(token.toCharArray())), "equal text, another String instance");
        String sameTail = "x" + token.substring(1);
        assertEquals(TokenCache.index(token), TokenCache.index(sameTail), "only the tail is hashed");
        assertNull(cache.get(sameTail), "a token differing anywhere is a miss, even in the same slot");
        assertNull(cache.get(token.substring(0, 699)));
    }

    @Test
    void aTokenInTheSameSlotReplacesTheOldOne() {
        TokenCache cache = new TokenCache();
        String first = token(new Random(2), 500);
        String second = "y" + first.substring(1);
        cache.put(first, entry());
        TokenCache.Entry e = entry();
        cache.put(second, e);
        assertNull(cache.get(first));
        assertSame(e, cache.get(second));
        assertEquals(1, cache.size());
        assertEquals(500, cache.chars());
    }

    @Test
    void staysWithinItsBoundsWhateverIsStored() {
        TokenCache cache = new TokenCache();
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            cache.put(token(random, 200 + random.nextInt(16 * 1024)), entry());
            assertTrue(cache.chars() <= TokenCache.MAX_CHARS, "chars " + cache.chars());
        }
        String last = token(random, 600);
        TokenCache.Entry kept = entry();
        cache.put(last, kept);
        assertSame(kept, cache.get(last), "a token that fits is kept after the budget was crossed");
        for (int i = 0; i < 20_000; i++) {
            cache.put(token(random, 600), entry());
        }
        assertTrue(cache.size() > TokenCache.SLOTS / 2, "small tokens spread over the slots: " + cache.size());
        assertTrue(cache.chars() <= TokenCache.MAX_CHARS);
    }
}
