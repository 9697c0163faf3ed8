package com.coderinsights.dw.serving.api;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code scripts/serve}: the read-only report API over the serving PostgreSQL (as the role that can only
 * SELECT). Coder's insights routes and the v1 activity route; every request authenticated by a session token.
 */
@SpringBootApplication(exclude = {BatchAutoConfiguration.class, BatchJdbcAutoConfiguration.class, FlywayAutoConfiguration.class})
public class ApiApplication implements WebMvcConfigurer {

    private final SessionAuthenticator authenticator;

    public ApiApplication(SessionAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(authenticator).addPathPatterns("/api/**");
    }

    /** The clock of "now" (the future and "today" rules, DAUs); dw.api.now pins it, for tests and demos. */
    @Bean
    public static Clock clock(@Value("${dw.api.now:}") String now) {
        return now.isEmpty() ? Clock.systemUTC() : Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
    }

    public static void main(String[] args) {
        SpringApplication.run(ApiApplication.class, args);
    }
}
