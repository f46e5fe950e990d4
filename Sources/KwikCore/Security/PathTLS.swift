import NIOCore
import NIOSSL

#if canImport(Glibc)
import Glibc
#endif

/// TLS for every path connection of one end. Each path is its own TLS connection; the session secret
/// and every frame travel inside it.
public struct PathTLS: Sendable {
    enum Role: Sendable {
        case server
        /// `serverName` overrides the name the certificate must carry (otherwise the endpoint's host;
        /// an IP literal is checked against the certificate's IP addresses).
        case client(serverName: String?)
    }

    let context: NIOSSLContext
    let role: Role
    /// False only for a client that was told not to check the server's certificate.
    public let verifiesPeer: Bool

    /// A server presenting the PEM certificate chain in `certificateChain`, with its PEM private key.
    public static func server(certificateChain: String, privateKey: String) throws -> PathTLS {
        let chain = try load("certificate chain", certificateChain) { try NIOSSLCertificate.fromPEMFile($0) }
        guard !chain.isEmpty else {
            throw EngineError.invalidArgument("TLS certificate chain \(certificateChain): no certificate in the file")
        }
        let key = try load("private key", privateKey) { try NIOSSLPrivateKey(file: $0, format: .pem) }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv13
        return PathTLS(
            context: try makeContext(configuration, what: "\(certificateChain) and \(privateKey)"), role: .server,
            verifiesPeer: false)
    }

    /// A client that trusts the PEM CA certificates in `trustRoots` (the system's when nil), or, with
    /// `verify` false, any certificate at all.
    public static func client(trustRoots: String?, verify: Bool = true, serverName: String? = nil) throws -> PathTLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv13
        if let trustRoots {
            let roots = try load("CA file", trustRoots) { try NIOSSLCertificate.fromPEMFile($0) }
            guard !roots.isEmpty else {
                throw EngineError.invalidArgument("TLS CA file \(trustRoots): no certificate in the file")
            }
            configuration.trustRoots = .certificates(roots)
        }
        if !verify { configuration.certificateVerification = .none }
        return PathTLS(
            context: try makeContext(configuration, what: trustRoots ?? "the system's trust roots"),
            role: .client(serverName: serverName), verifiesPeer: verify)
    }

    /// The handler that encrypts one connection to or from `host`.
    func handler(host: String) throws -> any ChannelHandler {
        switch role {
        case .server:
            return NIOSSLServerHandler(context: context)
        case .client(let serverName):
            let name = serverName ?? host
            // SNI cannot carry an IP address; without a name NIOSSL checks the peer's IP instead.
            let isAddress = (try? SocketAddress(ipAddress: name, port: 0)) != nil
            return try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : name)
        }
    }

    private static func load<T>(_ what: String, _ path: String, _ body: (String) throws -> T) throws -> T {
        guard access(path, R_OK) == 0 else {
            throw EngineError.invalidArgument("TLS \(what) \(path): \(String(cString: strerror(errno)).lowercased())")
        }
        do {
            return try body(path)
        } catch {
            throw EngineError.invalidArgument("TLS \(what) \(path): not a readable PEM file")
        }
    }

    private static func makeContext(_ configuration: TLSConfiguration, what: String) throws -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            let reason = TLSFailure.describe(error) ?? "\(error)"
            throw EngineError.invalidArgument("TLS setup failed for \(what): \(reason)")
        }
    }
}
