package com.coderinsights.dw.serving.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat's base directory. Left to itself, Spring Boot makes one in the system temp directory for every start and
 * leaves it behind when the API stops (it asks for it to be deleted on exit, which the JVM does only for an empty
 * directory, and Tomcat's work directory is inside). Unless {@code server.tomcat.basedir} names one, the API makes
 * its own and removes it, contents and all, once the server has stopped.
 */
@Component
public class TomcatBaseDirectory implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, DisposableBean {

    private final Path own;

    public TomcatBaseDirectory(@Value("${server.tomcat.basedir:}") String configured) {
        try {
            own = configured.isBlank() ? Files.createTempDirectory("dw-api-tomcat.") : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make Tomcat's base directory in " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        if (own != null) {
            factory.setBaseDirectory(own.toFile());
        }
    }

    /** The directory this API made for Tomcat; empty when {@code server.tomcat.basedir} names one. */
    public Optional<Path> own() {
        return Optional.ofNullable(own);
    }

    /** Called after the web server has stopped (the context stops its lifecycle beans before it destroys beans). */
    @Override
    public void destroy() throws IOException {
        if (own == null || !Files.exists(own)) {
            return;
        }
        try (Stream<Path> s = Files.walk(own)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
