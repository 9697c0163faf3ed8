package com.coderinsights.dw.spark.common;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads the layered configuration once at start-up: {@code conf/base.conf} included by
 * {@code conf/<env>.conf}, then environment variables referenced there, then JVM {@code -D}
 * overrides. Fails fast on a missing file or key.
 */
public final class DwConfig {

    private final Config config;

    private DwConfig(Config config) {
        this.config = config;
    }

    /** The conf/ directory: {@code -Ddw.conf.dir}, else {@code <-Ddw.root>/conf}, else ./conf. */
    public static File confDir() {
        String dir = System.getProperty("dw.conf.dir");
        if (dir != null) {
            return new File(dir);
        }
        return new File(System.getProperty("dw.root", "."), "conf");
    }

    public static DwConfig load(String env) {
        File file = new File(confDir(), env + ".conf");
        if (!file.isFile()) {
            throw new IllegalArgumentException("no configuration for environment '" + env + "': " + file + " does not exist");
        }
        Config parsed = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
        Config resolved = ConfigFactory.systemProperties().withFallback(parsed).resolve();
        return new DwConfig(resolved);
    }

    /** This configuration with {@code path} set to {@code value} (command-line flags win over files). */
    public DwConfig with(String path, Object value) {
        return new DwConfig(ConfigFactory.parseMap(Map.of(path, value)).withFallback(config));
    }

    public Config raw() {
        return config;
    }

    public String env() {
        return config.getString("dw.env");
    }

    public String string(String path) {
        try {
            return config.getString(path);
        } catch (ConfigException.Missing e) {
            throw new IllegalArgumentException("configuration key " + path + " is not set (" + env() + ".conf)", e);
        }
    }

    public String stringOrNull(String path) {
        return config.hasPath(path) ? config.getString(path) : null;
    }

    public int integer(String path) {
        return config.getInt(path);
    }

    /** A map-valued key as flat strings, such as {@code dw.spark.conf}. */
    public Map<String, String> stringMap(String path) {
        Map<String, String> out = new LinkedHashMap<>();
        config.getObject(path).forEach((k, v) -> out.put(k, String.valueOf(v.unwrapped())));
        return out;
    }
}
