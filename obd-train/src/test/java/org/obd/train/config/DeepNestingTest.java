package org.obd.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lists of records holding lists of records holding lists of lists. */
class DeepNestingTest {

  record Grid(List<Block> blocks) {
    Grid {
      blocks = blocks == null ? List.of() : List.copyOf(blocks);
    }
  }

  record Block(String id, List<Cell> cells) {
    Block {
      Check.required("id", id);
      cells = cells == null ? List.of() : List.copyOf(cells);
    }
  }

  record Cell(List<List<Integer>> grid, Double weight) {
    Cell {
      grid = grid == null ? List.of() : grid.stream().map(List::copyOf).toList();
      weight = Check.positive("weight", weight == null ? 1.0 : weight);
    }
  }

  private static final String GRID = """
      blocks:
        - id: a
          cells:
            - grid: [[1, 2], [3]]
        - id: b
          cells:
            - weight: 2
            - grid:
                - [1, 2]
                - [3, 4]
      """;

  private static Loaded<Grid> read(String yaml, String... overrides) {
    return YamlConfig.read(yaml, "grid.yaml", Grid.class, List.of(overrides));
  }

  private static String error(String yaml, String... overrides) {
    return assertThrows(ConfigException.class, () -> read(yaml, overrides)).getMessage();
  }

  @Test
  void bindsAndWritesBack() {
    Grid g = read(GRID).value();
    assertEquals(List.of(List.of(1, 2), List.of(3, 4)), g.blocks().get(1).cells().get(1).grid());
    assertEquals(2.0, g.blocks().get(1).cells().get(0).weight());
    assertEquals(1.0, g.blocks().get(1).cells().get(1).weight());
    assertEquals(g, read(YamlConfig.write(g)).value());
  }

  @Test
  void anIllTypedValueFourListsDown() {
    assertEquals(
        "grid.yaml line 10, column 17: blocks[1].cells[1].grid[1][1]: expected an integer,"
            + " found 4.5",
        error(GRID.replace("[3, 4]", "[3, 4.5]")));
  }

  @Test
  void anUnknownKeyARangeAndAMissingKeyDeepDown() {
    assertEquals(
        "grid.yaml line 7, column 9: blocks[1].cells[0]: unknown key 'wieght'; valid keys: grid,"
            + " weight",
        error(GRID.replace("weight: 2", "wieght: 2")));
    assertEquals(
        "grid.yaml line 7, column 17: blocks[1].cells[0].weight: must be greater than 0,"
            + " found -2.0",
        error(GRID.replace("weight: 2", "weight: -2")));
    assertEquals(
        "grid.yaml line 5, column 5: blocks[1]: missing required key 'id'",
        error(GRID.replace("  - id: b\n    cells:", "  - cells:")));
  }

  @Test
  void overridesAndLocationsDeepDown() {
    Loaded<Grid> l = read(GRID, "blocks[1].cells[1].grid[1][1]=7");
    assertEquals(
        List.of(List.of(1, 2), List.of(3, 7)), l.value().blocks().get(1).cells().get(1).grid());
    assertEquals(
        "--set blocks[1].cells[1].grid[1][1]=7",
        l.locations().where("blocks[1].cells[1].grid[1][1]"));
    assertEquals("grid.yaml line 10, column 13", l.locations().where("blocks[1].cells[1].grid[1]"));
    assertEquals("grid.yaml line 9, column 17", l.locations().where("/blocks/1/cells/1/grid/0/1"));
    assertEquals(
        "--set blocks[0].cells[0].grid[2][0]=1: blocks[0].cells[0].grid: has no item [2]; the"
            + " list has 2 items, [0] to [1]",
        error(GRID, "blocks[0].cells[0].grid[2][0]=1"));
  }
}
