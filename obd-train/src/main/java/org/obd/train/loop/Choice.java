package org.obd.train.loop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.obd.train.config.Check;
import org.obd.train.config.Doc;

/**
 * A choice of something registered by name, with its options block: a saliency strategy, an
 * optimizer. YAML form {@code {name: sgd, options: {learning-rate: 0.05}}}; the options are mapped
 * onto the declaration's options record, and checked, when the experiment is validated.
 *
 * @param name the config name (see {@code obd strategies})
 * @param options the options block; missing keys take the declaration's defaults
 */
public record Choice(
    @Doc(value = "config name, see `obd strategies`", example = "obd") String name,
    @Doc("options block; missing keys take their defaults") Map<String, Object> options) {

  /** Requires the name; an absent options block is empty. */
  public Choice {
    name = Check.required("name", name);
    options =
        options == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** A choice with default options. */
  public static Choice of(String name) {
    return new Choice(name, null);
  }

  /**
   * What records and file names call this choice among {@code all}: its name when no other
   * choice has it or when it has no options, else the name and its options, e.g. {@code
   * obd(hessian=exact)} beside {@code obd}.
   */
  public String label(List<Choice> all) {
    long same = all.stream().filter(c -> c.name.equals(name)).count();
    if (same <= 1 || options.isEmpty()) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name).append('(');
    options.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : " ")
        .append(k).append('=').append(v));
    return sb.append(')').toString();
  }

  /** {@code name{key=value, …}}. */
  @Override
  public String toString() {
    return name + (options.isEmpty() ? "" : options.toString());
  }
}
