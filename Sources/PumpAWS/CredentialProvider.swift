/// A source of credentials in the SDKs' default chain.
///
/// This is the seam for further sources (web identity, assume role, credential
/// process, container, IMDS): each is one conforming type, and
/// `CredentialProviderChain.sdkDefault` decides the order.
public protocol CredentialProvider: Sendable {
    /// nil when this source has nothing configured (the chain moves on); throws when it is configured but broken.
    func credentials() throws -> AWSCredentials?
    /// Human-readable, for "tried: ..." lists and `--debug`, e.g. "environment variables".
    var name: String { get }
}
