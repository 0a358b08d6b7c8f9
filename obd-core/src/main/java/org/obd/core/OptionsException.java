package org.obd.core;

/**
 * An options block that does not fit a {@link Descriptor}'s options record: an unknown key, an
 * ill-typed value or a value the record rejects. {@link #detail()} says which key and what was
 * expected, without naming the declaration; the message prefixes the declaration's name, and a
 * {@link Registry} prefixes its kind as well ({@code saliency strategy 'obd': unknown option 'x';
 * valid options: hessian, gradient-term, probes}).
 */
public final class OptionsException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String detail;
  private final String key;

  OptionsException(String detail, String key, Throwable cause) {
    super(detail, cause);
    this.detail = detail;
    this.key = key;
  }

  private OptionsException(String prefix, OptionsException e) {
    super(prefix + e.detail, e.getCause());
    this.detail = e.detail;
    this.key = e.key;
  }

  /** The same problem with a prefix such as {@code 'obd': } before the detail. */
  OptionsException prefixed(String prefix) {
    return new OptionsException(prefix, this);
  }

  /** The problem alone: the key and what was expected. */
  public String detail() {
    return detail;
  }

  /** The option key at fault when it is one key (unknown or ill-typed), else null. */
  public String key() {
    return key;
  }
}
