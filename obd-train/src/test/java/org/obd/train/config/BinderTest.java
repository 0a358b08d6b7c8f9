package org.obd.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jackson's own configuration is strict too: bound without {@link Schema#check}, the values the
 * pre-pass rejects are still rejected, with the same messages.
 */
class BinderTest {

  enum Mode { FAST_AND_LOOSE, SLOW }

  record T(Integer count, Double rate, Boolean flag, String name, Mode mode, List<Integer> ns) {}

  private static T bind(String yaml) {
    return Binder.bind(YamlReader.read(yaml, "t.yaml"), T.class);
  }

  private static String error(String yaml) {
    return assertThrows(ConfigException.class, () -> bind(yaml)).getMessage();
  }

  @Test
  void bindsWellTypedValues() {
    assertEquals(
        new T(3, 2.0, true, "n", Mode.FAST_AND_LOOSE, List.of(1)),
        bind("{count: 3, rate: 2, flag: true, name: n, mode: fast-and-loose, ns: [1]}"));
  }

  @Test
  void rejectsWhatThePrePassRejects() {
    assertEquals("t.yaml line 1, column 9: count: expected an integer, found 2.5",
        error("{count: 2.5}"));
    assertEquals("t.yaml line 1, column 9: count: expected an integer, found '2'"
        + " (in quotes, so text; remove the quotes)", error("{count: '2'}"));
    assertEquals("t.yaml line 1, column 8: rate: expected a number, found 'fast'",
        error("{rate: fast}"));
    assertEquals("t.yaml line 1, column 8: flag: expected a boolean (true or false), found 1",
        error("{flag: 1}"));
    assertEquals("t.yaml line 1, column 8: flag: expected a boolean (true or false), found 'yes'",
        error("{flag: yes}"));
    assertEquals("t.yaml line 1, column 8: name: expected a string, found 5"
        + " (not text; put it in quotes)", error("{name: 5}"));
    assertEquals("t.yaml line 1, column 8: mode: expected one of fast-and-loose, slow,"
        + " found 'FAST_AND_LOOSE'", error("{mode: FAST_AND_LOOSE}"));
    assertEquals("t.yaml line 1, column 2: ns: expected a list, found a mapping",
        error("{ns: {a: 1}}"));
    assertEquals("t.yaml line 1, column 2: unknown key 'cuont'; valid keys: count, rate, flag,"
        + " name, mode, ns", error("{cuont: 1}"));
  }

  @Test
  void enumsAreWrittenByTheirConfigNames() {
    assertEquals(
        "mode: fast-and-loose\n",
        YamlConfig.write(new Single(Mode.FAST_AND_LOOSE)));
    assertEquals(Map.of("mode", "slow"), Binder.WRITER.convertValue(
        new Single(Mode.SLOW), Map.class));
  }

  record Single(Mode mode) {}
}
