package com.coderinsights.dw.serving.api;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The report bodies already answered, as JSON bytes, reused while the serving data has not changed. Every request
 * reads {@code serving.data_version} (raised in the writer's transaction by every write to a table the reports
 * read, V4); an answer is kept under the version read before it was computed, so it is never older than that
 * version, and a new version drops every older answer. The key is the route and its validated parameters, taken
 * after authorization: a body depends on them only, never on the caller.
 *
 * <p>A request with {@code Cache-Control: no-cache} (or {@code no-store}) is computed afresh. Each answer says
 * {@code X-Dw-Cache: hit} or {@code miss}. The bytes kept are bounded by {@code dw.api.cache.max-bytes} (least
 * recently used first out; 0 turns the cache off).
 */
@Component
public class ReportCache {

    public static final String HEADER = "X-Dw-Cache";

    private final JdbcTemplate db;
    private final JsonMapper json;
    private final long maxBytes;
    private final LinkedHashMap<String, byte[]> answers = new LinkedHashMap<>(64, 0.75f, true);
    private long version = -1;
    private long bytes;

    public ReportCache(JdbcTemplate db, JsonMapper json, @Value("${dw.api.cache.max-bytes:134217728}") long maxBytes) {
        this.db = db;
        this.json = json;
        this.maxBytes = maxBytes;
    }

    /** The answer for {@code key}: the kept one when the data is still the same, else {@code body}'s, kept. */
    public ResponseEntity<byte[]> answer(HttpServletRequest request, String key, Supplier<Object> body) {
        long current = db.queryForObject("SELECT version FROM serving.data_version", Long.class);
        String control = request.getHeader(HttpHeaders.CACHE_CONTROL);
        boolean fresh = control != null && (control.contains("no-cache") || control.contains("no-store"));
        if (!fresh) {
            byte[] kept = lookUp(current, key);
            if (kept != null) {
                return ok(kept, "hit");
            }
        }
        byte[] computed = json.writeValueAsBytes(body.get());
        keep(current, key, computed);
        return ok(computed, "miss");
    }

    private synchronized byte[] lookUp(long current, String key) {
        return current == version ? answers.get(key) : null;
    }

    private synchronized void keep(long current, String key, byte[] body) {
        if (current < version || body.length > maxBytes) {
            return;
        }
        if (current > version) {
            answers.clear();
            bytes = 0;
            version = current;
        }
        byte[] old = answers.put(key, body);
        bytes += body.length - (old == null ? 0 : old.length);
        for (Iterator<Map.Entry<String, byte[]>> i = answers.entrySet().iterator(); bytes > maxBytes && i.hasNext(); ) {
            bytes -= i.next().getValue().length;
            i.remove();
        }
    }

    private static ResponseEntity<byte[]> ok(byte[] body, String cache) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header(HEADER, cache).body(body);
    }
}
