package com.coderinsights.dw.serving.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.catalina.Globals;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Tomcat's base directory. Left to itself, Spring Boot makes one in the system temp directory for every start and
 * leaves it behind when the API stops (it asks for it to be deleted on exit, which the JVM does only for an empty
 * directory, and Tomcat's work directory is inside). Unless {@code server.tomcat.basedir} names one, the API makes
 * its own and removes it, contents and all, once the server takes no more requests.
 * <p>
 * Tomcat also makes the first server's base directory the JVM's {@code catalina.home} (and the latest one's
 * {@code catalina.base}), and every later server in the same JVM creates the home again when it is missing. So the
 * API lets go of those properties when they name the directory it removes, and the next server in the JVM (the
 * tests start several) takes its own directory for them.
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

    /**
     * Called when the API stops, once the server takes no more requests (Spring Boot stops and destroys Tomcat
     * itself after this, which writes nothing there), and when the API fails to start.
     */
    @Override
    public void destroy() throws IOException {
        if (own == null) {
            return;
        }
        for (String property : List.of(Globals.CATALINA_HOME_PROP, Globals.CATALINA_BASE_PROP)) {
            String value = System.getProperty(property);
            if (value != null && Path.of(value).toAbsolutePath().equals(own.toAbsolutePath())) {
                System.clearProperty(property);
            }
        }
        FileSystemUtils.deleteRecursively(own);
    }
}
