/// The version of `reform`, which `reform --version` prints.
public enum ReformVersion {
  /// The version, `MAJOR.MINOR.PATCH`.
  public static let current = "0.9.0"
}
