/// One terminal cell. A single scalar (not a `Character` or `String`) keeps the grid flat and
/// allocation-free; everything the dashboard draws is one scalar wide.
public struct Cell: Equatable, Sendable {
    public var scalar: Unicode.Scalar
    public var role: StyleRole

    public init(_ scalar: Unicode.Scalar, _ role: StyleRole = .plain) {
        self.scalar = scalar
        self.role = role
    }

    public static let blank = Cell(" ")
}
