import Crypto
import Foundation

/// Authenticated joins: the first path receives a per-session secret in HELLO_ACK; every further path
/// proves it knows it with HMAC-SHA256 over the session id, its path id and a fresh nonce, so a
/// stranger who guesses or sees a session id cannot add paths, and a captured join cannot be replayed.
/// Without TLS the secret itself crosses the first path in the clear (see docs/SECURITY.md).
public enum JoinProof {
    public static let nonceLength = 16
    public static let proofLength = 32
    public static let zeroNonce = [UInt8](repeating: 0, count: nonceLength)
    public static let zeroProof = [UInt8](repeating: 0, count: proofLength)

    public static func secret() -> [UInt8] { random(count: proofLength) }

    public static func nonce() -> [UInt8] { random(count: nonceLength) }

    public static func proof(secret: [UInt8], session: SessionID, path: UInt16, nonce: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message(session, path, nonce), using: SymmetricKey(data: secret)))
    }

    /// Constant-time check.
    public static func isValid(
        _ proof: [UInt8], secret: [UInt8], session: SessionID, path: UInt16, nonce: [UInt8]
    ) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(
            proof, authenticating: message(session, path, nonce), using: SymmetricKey(data: secret))
    }

    private static func message(_ session: SessionID, _ path: UInt16, _ nonce: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18 + nonce.count)
        for value in [session.high, session.low] {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
        }
        withUnsafeBytes(of: path.bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: nonce)
        return bytes
    }

    private static func random(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
