package org.obd.train.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where each key of a loaded config was written, for checks that can only run after binding
 * (a strategy name against the registered ones, a layer against the data's width):
 *
 * <pre>{@code
 * throw loaded.locations().error(
 *     "pruning.strategies[1].name", "unknown saliency strategy 'obx'; available: obd, obs");
 * // experiment.yaml line 24, column 13: pruning.strategies[1].name: unknown saliency strategy ...
 * }</pre>
 *
 * <p>Keys are dotted paths ({@code pruning.strategies[1].name}) or JSON pointers ({@code
 * /pruning/strategies/1/name}). A scalar is located at its value, a mapping or list at its key; a
 * key that was not written (it took its default) at the nearest enclosing key that was; a value
 * set by an override at that override ({@code --set training.epochs=5}). A record's constructor
 * rejecting its mapping as a whole is reported at the mapping's key, followed by the overrides
 * that set keys below it ({@code (with --set pruning.step.count=5)}).
 */
public final class ConfigLocations {

  private final Document doc;

  ConfigLocations(Document doc) {
    this.doc = doc;
  }

  /** The file name as given to the loader. */
  public String source() {
    return doc.source;
  }

  /**
   * Where a key was written, e.g. {@code experiment.yaml line 12, column 5} or {@code --set
   * training.epochs=5}.
   */
  public String where(String key) {
    return doc.locate(dotted(key)).describe();
  }

  /**
   * An error about a key, located: {@code <where>: <dotted key>: <problem>}.
   *
   * @param key a dotted key or a JSON pointer
   * @param problem what is wrong, naming the value found and the valid choices
   */
  public ConfigException error(String key, String problem) {
    String dotted = dotted(key);
    return new ConfigException(doc.locate(dotted), dotted, problem);
  }

  /** A dotted key as is; a JSON pointer as a dotted key, list indices where the tree has lists. */
  private String dotted(String key) {
    if (!key.startsWith("/")) {
      return key;
    }
    String dotted = "";
    JsonNode node = doc.root;
    for (JsonPointer p = JsonPointer.compile(key); !p.matches(); p = p.tail()) {
      if (node != null && node.isArray() && p.getMatchingIndex() >= 0) {
        dotted = Document.item(dotted, p.getMatchingIndex());
        node = node.get(p.getMatchingIndex());
      } else {
        dotted = Document.child(dotted, p.getMatchingProperty());
        node = node == null ? null : node.get(p.getMatchingProperty());
      }
    }
    return dotted;
  }
}
