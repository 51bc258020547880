import CCurl
import Foundation

/// An `HTTPTransport` over one libcurl easy handle. The handle keeps its connection open
/// between requests (keep-alive), so a worker pays for TCP and TLS set-up once.
/// libcurl's defaults give HTTPS with the system CA store and proxies from
/// `https_proxy`/`http_proxy`/`no_proxy`. Not thread-safe: one per worker.
public final class CurlTransport: HTTPTransport {
    private let handle: UnsafeMutableRawPointer
    private let options: HTTPTransportOptions
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let sink = ResponseSink()

    public init(options: HTTPTransportOptions = HTTPTransportOptions()) {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else {
            fatalError("curl_easy_init failed: libcurl could not allocate a handle")
        }
        self.handle = handle
        self.options = options
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        configureOnce()
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    private func configureOnce() {
        // Worker threads must not receive SIGALRM from libcurl's resolver timeouts.
        pump_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        pump_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        pump_curl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
        pump_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000))
        pump_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedLimit)
        pump_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, options.lowSpeedTime)
        pump_curl_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        pump_curl_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, ResponseSink.writeBody)
        pump_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, context)
        pump_curl_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, ResponseSink.writeHeader)
        pump_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, context)
    }

    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let urlString = request.url.absoluteString
        sink.reset()
        errorBuffer[0] = 0

        var headerList: UnsafeMutablePointer<curl_slist>?
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        // libcurl would otherwise wait for "100 Continue" before sending bodies over 1 KB.
        headerList = curl_slist_append(headerList, "Expect:")
        defer { curl_slist_free_all(headerList) }

        let code: CURLcode = urlString.withCString { url in
            pump_curl_setopt_ptr(handle, CURLOPT_URL, url)
            pump_curl_setopt_ptr(handle, CURLOPT_HTTPHEADER, headerList)
            return request.body.withUnsafeBytes { body -> CURLcode in
                switch request.method {
                case "GET":
                    pump_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
                    pump_curl_setopt_ptr(handle, CURLOPT_CUSTOMREQUEST, nil)
                default:
                    pump_curl_setopt_long(handle, CURLOPT_POST, 1)
                    pump_curl_setopt_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                    // An empty body still needs a valid pointer or libcurl reads from stdin.
                    pump_curl_setopt_ptr(handle, CURLOPT_POSTFIELDS, body.baseAddress ?? UnsafeRawPointer(errorBuffer))
                    if request.method == "POST" {
                        pump_curl_setopt_ptr(handle, CURLOPT_CUSTOMREQUEST, nil)
                        return curl_easy_perform(handle)
                    }
                    return request.method.withCString { method in
                        pump_curl_setopt_ptr(handle, CURLOPT_CUSTOMREQUEST, method)
                        return curl_easy_perform(handle)
                    }
                }
                return curl_easy_perform(handle)
            }
        }
        // POSTFIELDS pointed into the request body, which is gone after this call.
        pump_curl_setopt_ptr(handle, CURLOPT_POSTFIELDS, nil)

        guard code == CURLE_OK else {
            throw mapError(code, url: urlString, host: request.url.host ?? urlString)
        }
        var status = 0
        pump_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        let response = HTTPResponse(status: status, headers: sink.headers, body: sink.body)
        if options.verifyCRC32 {
            try CRC32.verify(response, url: urlString)
        }
        return response
    }

    private func mapError(_ code: CURLcode, url: String, host: String) -> HTTPError {
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .cannotResolveHost(host: host, detail: detail)
        case CURLE_COULDNT_CONNECT:
            return .cannotConnect(url: url, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(url: url, detail: detail)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return .connectionLost(url: url, detail: detail)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE:
            return .tls(url: url, detail: detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(url: url, detail: detail)
        default:
            return .other(url: url, code: Int(code.rawValue), detail: detail)
        }
    }
}

/// Makes one `CurlTransport` per worker.
public struct CurlTransportFactory: HTTPTransportFactory {
    public var options: HTTPTransportOptions

    public init(options: HTTPTransportOptions = HTTPTransportOptions()) {
        self.options = options
    }

    public func makeTransport() -> any HTTPTransport {
        CurlTransport(options: options)
    }
}

/// curl_global_init is not thread-safe, so it runs exactly once before the first handle.
enum CurlGlobal {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_ALL))
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }
}
