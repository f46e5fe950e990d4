import KwikSnapshot

/// The sending model's figures, with "-" for what the model does not know yet: a zero target or rate
/// means no estimate (before the first samples, or from a sender that has none), not a measured zero.
extension Units {
    static let unknown = "-"

    static func target(_ model: SendingModel?) -> String {
        guard let bytes = model?.inFlightTargetBytes, bytes > 0 else { return unknown }
        return Units.bytes(bytes)
    }

    static func deliveryRate(_ model: SendingModel?) -> String {
        guard let rate = model?.deliveryRateBps, rate > 0 else { return unknown }
        return Units.rate(rate)
    }

    static func microseconds(_ micros: Double?) -> String { micros.map { Units.microseconds($0) } ?? unknown }
}
