/// The themes of `Themes/`, compiled into the binary (SwiftPM's `embedInCode`), so that kwiktop copied
/// anywhere on its own still has every one of them.
public enum BundledThemes {
    /// Each bundled theme's name and file text, `default` first.
    public static let all: [(name: String, text: String)] = [
        ("default", PackageResources.default_theme), ("gruvbox", PackageResources.gruvbox_theme),
        ("light", PackageResources.light_theme), ("nord", PackageResources.nord_theme),
        ("tty", PackageResources.tty_theme),
    ].map { ($0.0, String(decoding: $0.1, as: UTF8.self)) }

    public static var names: [String] { all.map(\.name) }

    static func text(named name: String) -> String? { all.first { $0.name == name }?.text }
}
