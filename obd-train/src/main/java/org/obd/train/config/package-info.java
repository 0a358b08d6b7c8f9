/**
 * YAML configs read into immutable, validated records, with errors that name the file, line,
 * column and key.
 *
 * <h2>Writing a config record</h2>
 *
 * <pre>{@code
 * public record Training(
 *     @Doc("passes over the training rows") Integer epochs,
 *     @Doc("rows per minibatch") Integer batchSize,          // key batch-size
 *     @Doc("the optimizer and its options") Optimizer optimizer,
 *     @Doc("the loss minimised") Loss loss) {                 // enum: mse | softmax-cross-entropy
 *   public Training {
 *     epochs = Check.positive("epochs", epochs == null ? 10 : epochs);
 *     batchSize = Check.positive("batch-size", batchSize == null ? 32 : batchSize);
 *     optimizer = optimizer == null ? new Optimizer(null, null) : optimizer;
 *     loss = loss == null ? Loss.SOFTMAX_CROSS_ENTROPY : loss;
 *   }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>Keys are the kebab-case forms of the component names; enum values the kebab-case forms of
 *       the constants ({@code SOFTMAX_CROSS_ENTROPY} is {@code softmax-cross-entropy}). A {@code
 *       @JsonProperty} name on a component or constant overrides either.
 *   <li>Defaults live in the compact constructor only: an absent key arrives as null and is
 *       replaced there. Use boxed types for optional numbers and booleans. A component with no
 *       default calls {@link org.obd.train.config.Check#required}.
 *   <li>Validate in the compact constructor with {@link org.obd.train.config.Check} or by throwing
 *       {@link org.obd.train.config.ConfigException#invalid} with the component's key relative to
 *       the record; the loader adds the record's path and the position.
 *   <li>Copy lists and maps ({@code List.copyOf}, an unmodifiable copy of a free-form {@code
 *       Map<String, Object>} block) so that the record is immutable.
 *   <li>Describe every component with {@link org.obd.train.config.Doc}; required scalars need an
 *       example for {@link org.obd.train.config.ConfigDocs}.
 * </ul>
 *
 * <h2>Using one</h2>
 *
 * <ul>
 *   <li>{@link org.obd.train.config.YamlConfig#load} reads a file (with {@code --set}-style
 *       overrides) into a {@link org.obd.train.config.Loaded}: the record and its {@link
 *       org.obd.train.config.ConfigLocations}, which locate errors found later (a strategy name
 *       checked against the registry).
 *   <li>{@link org.obd.train.config.YamlConfig#write} gives the resolved config to record with a
 *       run; it reads back into an equal record.
 *   <li>{@link org.obd.train.config.ConfigDocs#markdownTable} documents the keys; a test calling
 *       {@link org.obd.train.config.ConfigDocs#assertUpToDate} keeps a Markdown copy honest.
 * </ul>
 */
package org.obd.train.config;
