package com.coderinsights.dw.serving.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates every request by its session token ({@code Coder-Session-Token}, or {@code Session-Token} as the
 * v1 API sends it) and loads what the caller may see. Tokens are minted by {@code scripts/tokens} as
 * {@code <id>-<secret>} and only the secret's SHA-256 is stored. With {@code dw.api.coder-url} set, a token is
 * instead checked against that Coder deployment's {@code /api/v2/users/me} (answers cached for a minute).
 */
@Component
public class SessionAuthenticator implements HandlerInterceptor {

    static final String CALLER = "dw.caller";
    private static final Pattern TOKEN = Pattern.compile("([a-zA-Z0-9]{10})-([a-zA-Z0-9]{22})");
    private static final Set<String> SITE_INSIGHTS = Set.of("owner", "template-admin", "auditor");
    private static final List<String> ORG_INSIGHTS = List.of("organization-admin", "organization-template-admin", "organization-auditor");

    private final JdbcTemplate db;
    private final Clock clock;
    private final String coderUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, CachedUser> coderAnswers = new ConcurrentHashMap<>();

    private record CachedUser(UUID userId, Instant until) {
    }

    public SessionAuthenticator(JdbcTemplate db, Clock clock, @Value("${dw.api.coder-url:}") String coderUrl) {
        this.db = db;
        this.clock = clock;
        this.coderUrl = coderUrl.replaceAll("/+$", "");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String token = request.getHeader("Coder-Session-Token");
        if (token == null || token.isEmpty()) {
            token = request.getHeader("Session-Token");
        }
        if (token == null || token.isEmpty()) {
            throw CoderError.unauthorized("Header \"Coder-Session-Token\" (or \"Session-Token\" for the v1 API) must be provided.");
        }
        UUID userId = coderUrl.isEmpty() ? localUser(token) : coderUser(token);
        request.setAttribute(CALLER, caller(userId));
        return true;
    }

    private UUID localUser(String token) {
        var m = TOKEN.matcher(token);
        if (!m.matches()) {
            throw CoderError.unauthorized("Invalid API key format: the token is \"<id>-<secret>\" as scripts/tokens prints it.");
        }
        List<Map<String, Object>> rows = db.queryForList(
                "SELECT hashed_secret, user_id, expires_at FROM serving.api_tokens WHERE id = ?", m.group(1));
        if (rows.isEmpty()) {
            throw CoderError.unauthorized("API key is invalid.");
        }
        Map<String, Object> row = rows.get(0);
        if (!MessageDigest.isEqual((byte[]) row.get("hashed_secret"), sha256(m.group(2)))) {
            throw CoderError.unauthorized("API key secret is invalid.");
        }
        Instant expires = ((java.sql.Timestamp) row.get("expires_at")).toInstant();
        if (!expires.isAfter(clock.instant())) {
            throw CoderError.unauthorized("API key expired at " + expires + ".");
        }
        return (UUID) row.get("user_id");
    }

    private UUID coderUser(String token) {
        CachedUser cached = coderAnswers.get(token);
        if (cached != null && cached.until().isAfter(clock.instant())) {
            return cached.userId();
        }
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(URI.create(coderUrl + "/api/v2/users/me"))
                    .header("Coder-Session-Token", token).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new CoderError(502, "Could not reach the Coder deployment to check the session token.", e.getMessage(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (answer.statusCode() != 200) {
            throw CoderError.unauthorized("The Coder deployment did not accept the session token (HTTP " + answer.statusCode() + ").");
        }
        JsonNode me = JsonMapper.builder().build().readTree(answer.body());
        UUID id = UUID.fromString(me.path("id").asString());
        coderAnswers.put(token, new CachedUser(id, clock.instant().plusSeconds(60)));
        return id;
    }

    private Caller caller(UUID userId) {
        List<Map<String, Object>> users = db.queryForList(
                "SELECT username, rbac_roles, status, deleted FROM serving.users WHERE id = ?", userId);
        if (users.isEmpty() || Boolean.TRUE.equals(users.get(0).get("deleted"))) {
            throw CoderError.unauthorized("The token's user does not exist (or was deleted).");
        }
        Map<String, Object> user = users.get(0);
        if ("suspended".equals(user.get("status"))) {
            throw CoderError.unauthorized("The token's user is suspended.");
        }
        Set<String> roles = new HashSet<>(List.of(strings(user.get("rbac_roles"))));
        boolean site = roles.stream().anyMatch(SITE_INSIGHTS::contains);
        Set<UUID> orgs = new HashSet<>(db.queryForList(
                "SELECT organization_id FROM serving.organization_members WHERE user_id = ? AND roles && CAST(? AS text[])",
                UUID.class, userId, "{" + String.join(",", ORG_INSIGHTS) + "}"));
        // the template ACL's admin role is ["*"]; a group given it grants it to its members, and the group whose id
        // is the organization's ("Everyone") to every member of the organization
        Set<UUID> acl = new HashSet<>(db.queryForList("""
                SELECT t.id FROM serving.templates t
                WHERE t.user_acl -> CAST(? AS text) @> '["*"]'
                   OR EXISTS (SELECT 1 FROM jsonb_each(t.group_acl) g
                              WHERE g.value @> '["*"]'
                                AND (g.key IN (SELECT CAST(group_id AS text) FROM serving.group_members WHERE user_id = ?)
                                     OR (g.key = CAST(t.organization_id AS text)
                                         AND EXISTS (SELECT 1 FROM serving.organization_members m
                                                     WHERE m.user_id = ? AND m.organization_id = t.organization_id))))
                """, UUID.class, userId, userId, userId));
        return new Caller(userId, (String) user.get("username"), roles, site, orgs, acl);
    }

    private static String[] strings(Object sqlArray) {
        try {
            return (String[]) ((java.sql.Array) sqlArray).getArray();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
