package com.coderinsights.dw.spark.jobs.bronze;

import com.coderinsights.dw.core.contract.RawContract;
import com.coderinsights.dw.spark.common.RunWindow;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists the landing zone ({@code <root>/<stream>/dt=YYYY-MM-DD/hour=HH/<file>}) through Hadoop's
 * FileSystem, so the same code reads a local folder or object storage. Anything that does not fit
 * the layout is reported, never silently passed over.
 */
public final class LandingScanner {

    private static final Pattern DT = Pattern.compile("dt=(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern HOUR = Pattern.compile("hour=(\\d{2})");

    /** The files in the window, sorted by arrival hour then path, and the paths that break the layout. */
    public record Listing(List<LandingFile> files, List<String> unrecognized) {
    }

    private LandingScanner() {
    }

    public static Listing scan(FileSystem fs, Path root, RunWindow window) throws IOException {
        List<LandingFile> files = new ArrayList<>();
        List<String> unrecognized = new ArrayList<>();
        if (!fs.exists(root)) {
            throw new IllegalArgumentException("landing zone " + root + " does not exist");
        }
        for (FileStatus streamDir : fs.listStatus(root)) {
            String stream = streamDir.getPath().getName();
            if (hidden(stream) || !streamDir.isDirectory()) {
                continue; // summary.json, _SUCCESS and the like sit beside the streams
            }
            if (!RawContract.isStream(stream)) {
                unrecognized.add(stream + "/ (not a stream of the raw contract)");
                continue;
            }
            for (FileStatus dtDir : fs.listStatus(streamDir.getPath())) {
                Matcher dt = DT.matcher(dtDir.getPath().getName());
                if (hidden(dtDir.getPath().getName())) {
                    continue;
                }
                LocalDate date = dt.matches() && dtDir.isDirectory() ? date(dt.group(1)) : null;
                if (date == null) {
                    unrecognized.add(stream + "/" + dtDir.getPath().getName());
                    continue;
                }
                for (FileStatus hourDir : fs.listStatus(dtDir.getPath())) {
                    String hourName = hourDir.getPath().getName();
                    if (hidden(hourName)) {
                        continue;
                    }
                    Matcher h = HOUR.matcher(hourName);
                    int hour = h.matches() && hourDir.isDirectory() ? Integer.parseInt(h.group(1)) : -1;
                    String hourRel = stream + "/" + dtDir.getPath().getName() + "/" + hourName;
                    if (hour < 0 || hour > 23) {
                        unrecognized.add(hourRel);
                        continue;
                    }
                    Instant arrival = date.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(hour * 3600L);
                    if (!window.contains(arrival)) {
                        continue;
                    }
                    for (FileStatus f : fs.listStatus(hourDir.getPath())) {
                        String name = f.getPath().getName();
                        if (hidden(name)) {
                            continue;
                        }
                        if (!f.isFile()) {
                            unrecognized.add(hourRel + "/" + name + "/");
                            continue;
                        }
                        files.add(new LandingFile(stream, f.getPath().toString(), hourRel + "/" + name, arrival,
                                LandingFile.Format.of(name), f.getLen()));
                    }
                }
            }
        }
        files.sort(Comparator.comparing(LandingFile::arrivalHour).thenComparing(LandingFile::relPath));
        unrecognized.sort(Comparator.naturalOrder());
        return new Listing(files, unrecognized);
    }

    private static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    private static LocalDate date(String s) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
