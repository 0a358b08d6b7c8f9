package org.obd.train.loop;

import java.util.List;
import org.obd.core.Model;

/**
 * Where a prune sequence stands after a completed step: enough to resume it bit for bit.
 *
 * @param step the last completed step (0: only the unpruned network measured)
 * @param model the model after that step (after retraining in the retraining sequence)
 * @param records the records of steps 0..{@code step}
 * @param stop why the sequence ended, or null while it goes on
 */
public record SequenceState(int step, Model model, List<StepRecord> records, PruneLoop.Stop stop) {

  /** Copies the records. */
  public SequenceState {
    records = List.copyOf(records);
  }
}
