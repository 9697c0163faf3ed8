package com.coderinsights.dw.serving.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code scripts/tokens}: mints, lists and revokes session tokens of the report API in the serving database.
 * A token is {@code <id>-<secret>} (10 and 22 letters and digits, as Coder's); only the SHA-256 of the secret is
 * stored, so the token is printed once.
 */
public final class TokensCommand {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    static final String USAGE = """
            usage: scripts/tokens create --user USERNAME [--name NAME] [--lifetime-days N]
                   scripts/tokens list [--user USERNAME]
                   scripts/tokens revoke --id ID

              create   mints a token for the user (a user of the serving store: export first) and prints it once
              list     the tokens (id, user, name, created, expires), never their secrets
              revoke   deletes a token
            """;

    private TokensCommand() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("DW_SERVING_URL", "jdbc:postgresql://127.0.0.1:15432/coder_dw");
        String user = System.getenv().getOrDefault("DW_SERVING_USER", "dw");
        String password = System.getenv().getOrDefault("DW_SERVING_PASSWORD", "");
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.out.println(USAGE);
            return;
        }
        String command = args[0];
        String username = null;
        String name = "cli";
        String id = null;
        int days = 30;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--user" -> username = args[++i];
                case "--name" -> name = args[++i];
                case "--id" -> id = args[++i];
                case "--lifetime-days" -> days = Integer.parseInt(args[++i]);
                default -> fail("unknown argument " + args[i]);
            }
        }
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            switch (command) {
                case "create" -> {
                    if (username == null) {
                        fail("create needs --user USERNAME");
                    }
                    try {
                        System.out.println(create(c, username, name, Duration.ofDays(days)));
                    } catch (IllegalArgumentException e) {
                        fail(e.getMessage());
                    }
                }
                case "list" -> list(c, username);
                case "revoke" -> {
                    if (id == null) {
                        fail("revoke needs --id ID");
                    }
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM serving.api_tokens WHERE id = ?")) {
                        ps.setString(1, id);
                        if (ps.executeUpdate() == 0) {
                            fail("no token with id " + id);
                        }
                    }
                    System.err.println("revoked " + id);
                }
                default -> fail("unknown command " + command);
            }
        }
    }

    /** Mints a token for the (not deleted) user with that username; returns the token. */
    public static String create(Connection c, String username, String name, Duration lifetime) throws SQLException {
        UUID userId;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM serving.users WHERE lower(username) = lower(?) AND NOT deleted")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no user \"" + username + "\" in the serving store (run scripts/export first)");
                }
                userId = rs.getObject(1, UUID.class);
            }
        }
        String id = random(10);
        String secret = random(22);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO serving.api_tokens (id, hashed_secret, user_id, name, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setBytes(2, MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
            ps.setObject(3, userId);
            ps.setString(4, name);
            ps.setObject(5, java.time.OffsetDateTime.ofInstant(Instant.now().plus(lifetime), java.time.ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return id + "-" + secret;
    }

    private static void list(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT t.id, u.username, t.name, t.created_at, t.expires_at FROM serving.api_tokens t
                LEFT JOIN serving.users u ON u.id = t.user_id
                WHERE CAST(? AS text) IS NULL OR lower(u.username) = lower(?) ORDER BY t.created_at""")) {
            ps.setString(1, username);
            ps.setString(2, username);
            try (ResultSet rs = ps.executeQuery()) {
                System.out.printf("%-10s  %-24s  %-12s  %-25s  %s%n", "id", "user", "name", "created", "expires");
                while (rs.next()) {
                    System.out.printf("%-10s  %-24s  %-12s  %-25s  %s%n", rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, java.time.OffsetDateTime.class), rs.getObject(5, java.time.OffsetDateTime.class));
                }
            }
        }
    }

    private static String random(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static void fail(String message) {
        System.err.println(USAGE);
        System.err.println("error: " + message);
        System.exit(2);
    }
}
