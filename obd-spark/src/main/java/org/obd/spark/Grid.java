package org.obd.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A sweep's grid file: a base experiment, overrides for every run, and a grid of values per
 * experiment key, whose Cartesian product is the sweep's runs.
 *
 * <pre>{@code
 * experiment: ../examples/digits.yaml   # a file, relative to this one; or an inline mapping
 * set:                                  # optional: every run's overrides (keys as --set takes)
 *   training.epochs: 5
 * grid:                                 # the values of each key; the runs are all combinations
 *   model.l2: [0, 0.0001]
 *   seed: [1, 2, 3]
 * }</pre>
 *
 * <p>The keys are the dotted keys {@code obd run --set} takes; a value is any YAML value, a list
 * or mapping included (e.g. {@code pruning.strategies: [[{name: obd}], [{name: magnitude}]]}).
 * The first key varies slowest. Each run has a readable name made of its grid values, e.g. {@code
 * l2-0.0001_seed-2}.
 *
 * @param file the grid file
 * @param base the base experiment's YAML text
 * @param baseSource what errors in the base experiment name (its file)
 * @param fixed the overrides of every run, {@code key=value}
 * @param axes the grid: each key's values as YAML flow text, in file order
 */
record Grid(Path file, String base, String baseSource, List<String> fixed,
    Map<String, List<String>> axes) {

  /** The grid file's top-level keys. */
  static final List<String> KEYS = List.of("experiment", "set", "grid");

  /** The longest value part of a run name before it is cut. */
  static final int MAX_VALUE_NAME = 40;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One run of the grid.
   *
   * @param name its readable name, unique in the sweep (its directory)
   * @param values the grid key's values (YAML flow text), in grid order
   * @param overrides every override, {@code key=value}: the fixed ones, then the grid's
   */
  record Run(String name, Map<String, String> values, List<String> overrides) {}

  /**
   * Reads a grid file.
   *
   * @throws IllegalArgumentException a one-line message naming the file, key and value
   */
  static Grid read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("grid file " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read grid file " + file + ": "
          + (Files.isDirectory(file) ? "it is a directory" : e.getMessage()));
    }
    JsonNode root;
    try {
      // scalars read as experiment files read them (yes/no are text, duplicate keys errors)
      root = new YAMLMapper(YAMLFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
          .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
          .build()).readTree(text);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new IllegalArgumentException(file + (at == null ? "" : ": line " + at.getLineNr())
          + ": malformed YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new IllegalArgumentException(file + ": the grid file is empty; expected the keys "
          + String.join(", ", KEYS));
    }
    if (!(root instanceof ObjectNode top)) {
      throw new IllegalArgumentException(file + ": expected a mapping with the keys "
          + String.join(", ", KEYS) + ", found " + kind(root));
    }
    for (Iterator<String> it = top.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException(file + ": unknown key '" + k + "'; valid keys: "
            + String.join(", ", KEYS));
      }
    }
    String base;
    String baseSource;
    JsonNode e = top.get("experiment");
    if (e == null || e.isNull()) {
      throw new IllegalArgumentException(file + ": missing key 'experiment': the base experiment,"
          + " a file (relative to the grid file) or a mapping");
    } else if (e.isTextual()) {
      Path p = resolve(file, e.asText());
      try {
        base = Files.readString(p);
      } catch (NoSuchFileException x) {
        throw new IllegalArgumentException(file + ": experiment: no such file '" + p + "'");
      } catch (IOException x) {
        throw new IllegalArgumentException(file + ": experiment: cannot read '" + p + "': "
            + x.getMessage());
      }
      baseSource = p.toString();
    } else if (e.isObject()) {
      try {
        base = new YAMLMapper().writeValueAsString(e);
      } catch (JsonProcessingException x) {
        throw new IllegalStateException(x);
      }
      baseSource = file + " (its experiment)";
    } else {
      throw new IllegalArgumentException(file + ": experiment: expected a file name or a mapping,"
          + " found " + kind(e));
    }
    List<String> fixed = new ArrayList<>();
    JsonNode set = top.get("set");
    if (set != null && !set.isNull()) {
      if (!set.isObject()) {
        throw new IllegalArgumentException(file + ": set: expected a mapping of experiment keys"
            + " to values, found " + kind(set));
      }
      set.properties().forEach(f -> fixed.add(f.getKey() + "=" + flow(f.getValue())));
    }
    JsonNode grid = top.get("grid");
    if (grid == null || grid.isNull() || (grid.isObject() && grid.isEmpty())) {
      throw new IllegalArgumentException(file + ": grid: the grid is empty; give at least one"
          + " experiment key with a list of values, e.g. seed: [1, 2, 3]");
    }
    if (!grid.isObject()) {
      throw new IllegalArgumentException(file + ": grid: expected a mapping of experiment keys to"
          + " lists of values, found " + kind(grid));
    }
    Map<String, List<String>> axes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : grid.properties()) {
      JsonNode v = f.getValue();
      if (!v.isArray()) {
        throw new IllegalArgumentException(file + ": grid." + f.getKey() + ": expected a list of"
            + " values, found " + kind(v) + " " + flow(v) + "; write [" + flow(v) + "] for one");
      }
      if (v.isEmpty()) {
        throw new IllegalArgumentException(file + ": grid." + f.getKey() + ": the list of values"
            + " is empty; give one or more");
      }
      List<String> values = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (JsonNode x : v) {
        String t = flow(x);
        if (!seen.add(t)) {
          throw new IllegalArgumentException(file + ": grid." + f.getKey() + ": the value " + t
              + " is listed twice");
        }
        values.add(t);
      }
      axes.put(f.getKey(), values);
    }
    return new Grid(file, base, baseSource, List.copyOf(fixed), axes);
  }

  private static Path resolve(Path file, String name) {
    Path p = Path.of(name);
    Path dir = file.toAbsolutePath().getParent();
    return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
  }

  /** A YAML value as flow text (JSON, which YAML reads back to the same value). */
  static String flow(JsonNode v) {
    try {
      return v.isTextual() ? JSON.writeValueAsString(v.asText()) : JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String kind(JsonNode v) {
    return v.isArray() ? "a list" : v.isObject() ? "a mapping" : v.isNull() ? "nothing"
        : "a scalar";
  }

  /** How many runs the grid has. */
  int size() {
    int n = 1;
    for (List<String> v : axes.values()) {
      n = Math.multiplyExact(n, v.size());
    }
    return n;
  }

  /** The runs, the first key varying slowest; names made unique with -2, -3… where needed. */
  List<Run> runs() {
    List<String> keys = new ArrayList<>(axes.keySet());
    List<String> labels = labels(keys);
    List<Run> runs = new ArrayList<>();
    Map<String, Integer> used = new HashMap<>();
    int n = size();
    for (int i = 0; i < n; i++) {
      Map<String, String> values = new LinkedHashMap<>();
      List<String> overrides = new ArrayList<>(fixed);
      List<String> parts = new ArrayList<>();
      int rest = i;
      int[] index = new int[keys.size()];
      for (int k = keys.size() - 1; k >= 0; k--) {
        int size = axes.get(keys.get(k)).size();
        index[k] = rest % size;
        rest /= size;
      }
      for (int k = 0; k < keys.size(); k++) {
        String v = axes.get(keys.get(k)).get(index[k]);
        values.put(keys.get(k), v);
        overrides.add(keys.get(k) + "=" + v);
        parts.add(labels.get(k) + "-" + valueName(v));
      }
      String name = String.join("_", parts);
      int count = used.merge(name, 1, Integer::sum);
      runs.add(new Run(count == 1 ? name : name + "-" + count, values, List.copyOf(overrides)));
    }
    return runs;
  }

  /** Each key's label in run names: its last segment, or the whole key where two share one. */
  private static List<String> labels(List<String> keys) {
    List<String> last = keys.stream()
        .map(k -> slug(k.substring(k.lastIndexOf('.') + 1))).toList();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      String l = last.get(i);
      labels.add(last.stream().filter(l::equals).count() > 1 ? slug(keys.get(i)) : l);
    }
    return labels;
  }

  /**
   * A value in a run name: its scalars in order, joined by {@code +}, lower case, each run of
   * characters other than {@code a-z 0-9 . +} one {@code -}; cut at {@value #MAX_VALUE_NAME}.
   */
  static String valueName(String flow) {
    JsonNode v;
    try {
      v = JSON.readTree(flow);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    List<String> scalars = new ArrayList<>();
    scalars(v, scalars);
    String s = slug(String.join("+", scalars).replace("+-", "+").replace("-+", "+"));
    s = s.isEmpty() ? "none" : s;
    return s.length() <= MAX_VALUE_NAME ? s : s.substring(0, MAX_VALUE_NAME).replaceAll("-$", "");
  }

  private static void scalars(JsonNode v, List<String> out) {
    if (v.isContainerNode()) {
      v.forEach(x -> scalars(x, out));
    } else if (!v.isNull()) {
      out.add(scalar(v));
    }
  }

  /** A scalar as text: a number in plain decimal notation (1e-4 → 0.0001), others as written. */
  private static String scalar(JsonNode v) {
    return v.isNumber() ? v.decimalValue().stripTrailingZeros().toPlainString() : v.asText();
  }

  /**
   * A grid value as the combined metrics show it: a scalar as {@link #scalar} writes it (a string
   * without its quotes), a list or mapping as flow text.
   */
  static String text(String flow) {
    try {
      JsonNode v = JSON.readTree(flow);
      return v.isValueNode() ? scalar(v) : flow;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String slug(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.+]+", "-").replaceAll("^-|-$", "");
  }
}
