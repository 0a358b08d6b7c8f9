package org.obd.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.obd.core.Activation;
import org.obd.core.Model;
import org.obd.core.ModelJson;
import org.obd.core.Network;
import org.obd.core.Shape;

/** {@link ModelData}: a model and CSV data read for it, class labels or target values. */
class ModelDataTest {

  @TempDir Path dir;

  /** A 3-input, 2-output network with zero weights. */
  private Path model() throws IOException {
    Network net =
        Network.builder(Shape.flat(3)).dense(2, Activation.IDENTITY).build();
    Path f = dir.resolve("m.json");
    ModelJson.write(new Model(net, new double[net.parameterCount()]), f);
    return f;
  }

  @Test
  void classLabelsBecomeOneHotOverTheOutputs() throws IOException {
    Path csv = Files.writeString(dir.resolve("d.csv"), "1,2,3,1\n4,5,6,0\n");
    ModelData md = ModelData.read(model(), csv, null);
    assertEquals(2, md.data().size());
    assertArrayEquals(new double[] {1, 2, 3}, md.data().input(0), 0.0);
    assertArrayEquals(new double[] {0, 1}, md.data().target(0), 0.0);
    assertArrayEquals(new double[] {1, 0}, md.data().target(1), 0.0);
    assertEquals(8, md.model().network().parameterCount());
  }

  @Test
  void targetValuesAreKeptAndMustMatchTheOutputs() throws IOException {
    Path csv = Files.writeString(dir.resolve("v.csv"), "1,2,3,0.5,-0.5\n");
    ModelData md = ModelData.read(model(), csv, 2);
    assertArrayEquals(new double[] {0.5, -0.5}, md.data().target(0), 0.0);
    Path m = model();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelData.read(m, csv, 3));
    assertEquals(
        "3 target values per row do not fit the model, which has 2 outputs", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ModelData.read(m, csv, 1));
    assertEquals(
        "1 target value per row do not fit the model, which has 2 outputs", e.getMessage());
  }

  @Test
  void rowsWithTheWrongNumberOfInputsNameTheFileAndBothNumbers() throws IOException {
    Path m = model();
    Path narrow = Files.writeString(dir.resolve("narrow.csv"), "1,2,0\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelData.read(m, narrow, null));
    assertEquals(
        narrow + ": rows have 2 input values before the class label, but the model expects 3"
            + " inputs " + Shape.flat(3),
        e.getMessage());
    Path wide = Files.writeString(dir.resolve("wide.csv"), "1,2,3,4,0.5,0.5\n");
    e = assertThrows(IllegalArgumentException.class, () -> ModelData.read(m, wide, 2));
    assertEquals(
        wide + ": rows have 4 input values before the 2 target values, but the model expects 3"
            + " inputs " + Shape.flat(3),
        e.getMessage());
    Path label = Files.writeString(dir.resolve("label.csv"), "1,2,3,2\n");
    e = assertThrows(IllegalArgumentException.class, () -> ModelData.read(m, label, null));
    assertEquals(
        label + " line 1, column 4: label 2 is out of range; expected a class index in 0..1",
        e.getMessage());
    Network net = ModelJson.read(m).network();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelData.readCsv(label, net, CsvTargets.classLabel(3)));
    assertEquals(label + ": 3 classes do not fit the model, which has 2 outputs", e.getMessage());
    assertThrows(
        NoSuchFileException.class, () -> ModelData.read(m, dir.resolve("none.csv"), null));
    assertThrows(
        NoSuchFileException.class, () -> ModelData.read(dir.resolve("none.json"), label, null));
  }
}
