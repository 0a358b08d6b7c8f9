package org.obd.train.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the problem to report when {@link Schema#check} found unknown keys or ill-typed values:
 * the first of them, unless a record's own check (which only binding runs) complains about
 * something earlier in the file.
 *
 * <pre>
 * data: {path: d.csv, validation: 0.9}     # line 2: must be in [0, 0.5]   ← reported
 * training: {epochs: 3, lerning-rate: 2}   # line 3: unknown key
 * </pre>
 *
 * <p>It removes the unknown keys and ill-typed values from the tree (a list from its first bad
 * item on), binds what is left, and takes a record's complaint if that record's components got
 * exactly the values written: unknown keys are no components, so a record that only lost
 * unknown keys counts; one that lost a value, and every record around it, does not (its
 * complaint could be about the default that replaced the value).
 */
final class FirstProblem {

  private FirstProblem() {}

  /** The problem to report; {@code problems} is not empty. The document's tree is changed. */
  static ConfigException of(Document doc, Class<?> type, List<Schema.Problem> problems) {
    ConfigException first = problems.get(0).error();
    if (first.line() == 0) {
      return first; // in an override: reported before the file's own problems
    }
    Set<String> changed = new HashSet<>();
    for (int i = problems.size() - 1; i >= 0; i--) { // later first: indices stay valid
      Schema.Problem p = problems.get(i);
      if (p.name() != null) {
        ((ObjectNode) p.parent()).remove(p.name());
      } else {
        ArrayNode list = (ArrayNode) p.parent();
        while (list.size() > p.index()) {
          list.remove(list.size() - 1);
        }
      }
      for (String k = p.parentKey(); p.known() && changed.add(k) && !k.isEmpty(); ) {
        k = Document.parent(k);
      }
    }
    ConfigException earlier = Binder.constructorProblem(doc, type, changed);
    return earlier != null && before(earlier, first) ? earlier : first;
  }

  /** Strictly earlier in the file; override positions (line 0) come after every line. */
  private static boolean before(ConfigException a, ConfigException b) {
    return a.line() > 0
        && (a.line() < b.line() || (a.line() == b.line() && a.column() < b.column()));
  }
}
