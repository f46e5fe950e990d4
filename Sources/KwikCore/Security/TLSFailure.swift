import NIOSSL

/// TLS errors in words a user can act on. BoringSSL names its reasons in capitals inside long error
/// stacks; the common ones get a sentence, the rest keep BoringSSL's reason name.
enum TLSFailure {
    private static let reasons: [(String, String)] = [
        ("CERTIFICATE_VERIFY_FAILED", "the server's certificate is not signed by a trusted CA (or has expired)"),
        ("TLSV1_ALERT_UNKNOWN_CA", "the peer does not trust this certificate's CA"),
        ("SSLV3_ALERT_BAD_CERTIFICATE", "the peer rejected this certificate"),
        ("SSLV3_ALERT_CERTIFICATE_EXPIRED", "the peer says this certificate has expired"),
        ("WRONG_VERSION_NUMBER", "the peer does not speak TLS"),
        ("HTTP_REQUEST", "the peer does not speak TLS"),
        ("UNSUPPORTED_PROTOCOL", "the peer does not support TLS 1.3"),
        ("TLSV1_ALERT_PROTOCOL_VERSION", "the peer does not support TLS 1.3"),
        ("KEY_VALUES_MISMATCH", "the private key does not belong to the certificate"),
        ("NO_SHARED_CIPHER", "no cipher both ends support"),
        ("EOF during handshake", "the peer closed the connection during the TLS handshake (does it speak TLS?)"),
    ]

    /// A sentence for a TLS error; nil when `error` does not come from TLS.
    static func describe(_ error: any Error) -> String? {
        switch error {
        case let extra as NIOSSLExtraError:
            switch extra {
            case .failedToValidateHostname:
                return "the server's certificate does not carry the name or address connected to"
            default: return "\(extra)"
            }
        case let ssl as NIOSSLError:
            switch ssl {
            case .uncleanShutdown: return "the peer closed the connection without ending TLS"
            // Both files were read before the context is made: what fails then is the pairing.
            case .failedToLoadPrivateKey: return "the private key does not belong to the certificate"
            case .handshakeFailed(let inner), .shutdownFailed(let inner): return describe(boringSSL: inner)
            default: return "\(ssl)"
            }
        case let boring as BoringSSLError:
            return describe(boringSSL: boring)
        default:
            return nil
        }
    }

    /// A plaintext end reading a TLS record sees a frame length whose top bytes are a TLS record header
    /// (content type 20–23, major version 3): hundreds of megabytes, refused as too large.
    static func unexpectedTLS(_ error: any Error) -> String? {
        guard case WireError.frameTooLarge(let length, _) = error,
            (20...23).contains(length >> 24), (length >> 16) & 0xFF == 3
        else { return nil }
        return "the peer speaks TLS and this end does not"
    }

    private static func describe(boringSSL error: BoringSSLError) -> String {
        let text = "\(error)"
        if let known = reasons.first(where: { text.contains($0.0) }) { return known.1 }
        // "error:1000007d:SSL routines:OPENSSL_internal:REASON at file:line": keep REASON.
        guard let marker = text.firstRange(of: "OPENSSL_internal:"),
            let reason = text[marker.upperBound...].split(separator: " ").first
        else { return text }
        return "TLS error: " + reason.lowercased().split(separator: "_").joined(separator: " ")
    }
}
