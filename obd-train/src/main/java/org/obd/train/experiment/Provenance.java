package org.obd.train.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.obd.core.AtomicFiles;
import org.obd.core.Version;
import org.obd.train.data.Digits;

/**
 * Where a run's numbers come from: the obd build and the machine that computed them, the seed, and
 * fingerprints of the config and of every data file it read — written as {@code provenance.json}
 * into the run directory when the run starts.
 *
 * @param obd obd's version
 * @param commit the git commit obd was built from ({@code -dirty} appended for uncommitted
 *     changes), null when unknown
 * @param java the Java runtime (version and vendor)
 * @param os the operating system (name, version, architecture)
 * @param processors the processors the JVM could use
 * @param seed the experiment's seed
 * @param configHash SHA-256 of the resolved config ({@code config.yaml}), hex
 * @param data SHA-256 (hex) of each data file read, by file ({@code bundled:<resource>} for the
 *     bundled digits)
 * @param started when the run started, ISO-8601 UTC
 */
public record Provenance(
    String obd,
    String commit,
    String java,
    String os,
    int processors,
    long seed,
    String configHash,
    Map<String, String> data,
    String started) {

  /** The file's name in a run directory. */
  public static final String FILE = "provenance.json";

  /** Copies the map, keeping its order. */
  public Provenance {
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  /**
   * The provenance of running {@code experiment} now, on this machine.
   *
   * @throws IOException when a data file cannot be read
   */
  public static Provenance of(Experiment experiment) throws IOException {
    ExperimentConfig c = experiment.config();
    Map<String, String> data = new LinkedHashMap<>();
    for (String file : dataFiles(c.data())) {
      if (file.startsWith("bundled:")) {
        try (InputStream in = Digits.class.getResourceAsStream(Digits.RESOURCE)) {
          data.put(file, sha256(in));
        }
      } else {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
          data.put(file, sha256(in));
        }
      }
    }
    return new Provenance(Version.obd(), Version.commit(), Version.java(), Version.os(),
        Version.processors(), c.seed(), Experiment.sha256(experiment.resolvedYaml()), data,
        Instant.now().toString());
  }

  /** The data files a data block reads, as named in the config. */
  static List<String> dataFiles(DataConfig d) {
    List<String> files = new ArrayList<>();
    switch (d.source()) {
      case DIGITS -> files.add("bundled:" + Digits.RESOURCE);
      case CSV -> files.add(d.path());
      default -> {
        files.add(d.images());
        files.add(d.labels());
      }
    }
    return files;
  }

  private static String sha256(InputStream in) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (DigestInputStream d = new DigestInputStream(in, md)) {
      d.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The JSON text, fields in declaration order. */
  public String json() {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode o = m.createObjectNode();
    o.put("obd", obd);
    o.put("commit", commit);
    o.put("java", java);
    o.put("os", os);
    o.put("processors", processors);
    o.put("seed", seed);
    o.put("config_hash", configHash);
    ObjectNode d = o.putObject("data");
    data.forEach(d::put);
    o.put("started", started);
    try {
      return m.writeValueAsString(o) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise provenance", e);
    }
  }

  /** Writes {@link #FILE} into {@code dir}, atomically. */
  public void write(Path dir) throws IOException {
    AtomicFiles.writeString(dir.resolve(FILE), json());
  }
}
