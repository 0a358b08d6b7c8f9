package org.obd.train.experiment;

import java.nio.file.Path;
import java.util.List;

/** Runs an experiment file into a directory: the child process {@link KillResumeTest} kills. */
public final class RunMain {

  private RunMain() {}

  /** {@code RunMain experiment.yaml directory}. */
  public static void main(String[] args) {
    Experiment.fromYaml(Path.of(args[0]), List.of()).run(Path.of(args[1]), ExperimentListener.NONE);
  }
}
