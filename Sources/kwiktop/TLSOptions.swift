import ArgumentParser
import Foundation
import KwikCore

/// `serve --tls-cert --tls-key`: every path must speak TLS.
struct ServerTLSOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("PEM certificate chain; with --tls-key, every path must speak TLS 1.3.", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("PEM private key of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
    }

    /// The server's TLS, or nil for plaintext; a file that cannot be used is a one-line error.
    func load() throws -> PathTLS? {
        guard let tlsCert, let tlsKey else { return nil }
        do {
            return try PathTLS.server(certificateChain: tlsCert, privateKey: tlsKey)
        } catch {
            throw Console.failure("\(error)")
        }
    }
}

/// `connect --tls | --tls-ca FILE | --insecure`: the client side of TLS.
struct ClientTLSOptions: ParsableArguments {
    @Flag(help: "Speak TLS 1.3 on every path, trusting the system's CA certificates.")
    var tls = false

    @Option(help: ArgumentHelp("Speak TLS, trusting only the PEM CA certificates in this file.", valueName: "file"))
    var tlsCa: String?

    @Option(
        help: ArgumentHelp(
            "Name the server's certificate must carry (default: the host connected to).", valueName: "name"))
    var tlsServerName: String?

    @Flag(help: "Speak TLS without checking the server's certificate (self-signed tests only).")
    var insecure = false

    func validate() throws {
        if insecure && tlsCa != nil { throw ValidationError("give --tls-ca or --insecure, not both") }
        if tlsServerName != nil && !enabled {
            throw ValidationError("--tls-server-name needs --tls, --tls-ca or --insecure")
        }
    }

    private var enabled: Bool { tls || tlsCa != nil || insecure }

    /// The client's TLS, or nil for plaintext. `--insecure` is said on stderr every time.
    func load() throws -> PathTLS? {
        guard enabled else { return nil }
        if insecure {
            FileHandle.standardError.write(
                Data(
                    ("kwiktop: WARNING: --insecure: the server's certificate is NOT checked; anyone on the way can "
                        + "impersonate the server and read or change this session\n")
                        .utf8))
        }
        do {
            return try PathTLS.client(trustRoots: tlsCa, verify: !insecure, serverName: tlsServerName)
        } catch {
            throw Console.failure("\(error)")
        }
    }
}
