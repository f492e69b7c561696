import Foundation

/// A hospital endpoint fetched on a schedule (`type: http`). This issue defines and validates the schema;
/// the fetcher (libcurl) reads it. Secrets never sit in the pipeline file: `auth` names environment variables.
///
/// For example:
/// ```yaml
/// - name: hospital-lis
///   type: http
///   url: https://lis.example.org/api/v1/results
///   method: GET                       # GET or POST (POST may carry `body`)
///   headers: { Accept: application/hl7-v2+xml }
///   format: hl7-xml
///   schedule: "*/15 6-22 * * *"       # 5-field cron in the pipeline's time zone
///   auth: { bearer-env: LIS_TOKEN }   # or basic-user-env + basic-password-env
///   client-cert: /etc/labingest/lis.crt
///   client-key: /etc/labingest/lis.key
///   ca-file: /etc/labingest/hospital-ca.pem
///   timeouts: { connect: 10s, total: 5m, low-speed: 60s }
///   max-redirects: 3
///   page-limit: 50                     # at most this many pages per run
///   watermark: { param: since, initial: "2024-01-01T00:00:00+08:00", overlap: 10m }
///   max-bytes: 200MB                   # one response larger than this fails
/// ```
public struct HTTPSource: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable { case get = "GET", post = "POST" }

    public enum Auth: Sendable, Equatable {
        case none
        /// `Authorization: Bearer $VAR`.
        case bearer(env: String)
        /// HTTP basic with the user and password read from two environment variables.
        case basic(userEnv: String, passwordEnv: String)
    }

    public struct Timeouts: Sendable, Equatable {
        public var connect: Double = 10
        public var total: Double = 300
        /// Abort a transfer slower than `lowSpeedBytes` per second for this many seconds.
        public var lowSpeed: Double = 60
        public var lowSpeedBytes: Int = 1
        public init() {}
    }

    /// Where the last fetch got to, kept in the store's `cursors` (`http:<pipeline>/<source>`).
    public struct Watermark: Sendable, Equatable {
        /// The query parameter that carries it (`since`).
        public var param: String
        /// The value of the very first fetch.
        public var initial: String?
        /// Seconds to fetch again before the watermark (duplicates are harmless; gaps are not).
        public var overlap: Double
        /// A response header whose value becomes the next watermark (instead of the newest collection time).
        public var header: String?
        public init(param: String, initial: String? = nil, overlap: Double = 0, header: String? = nil) {
            self.param = param
            self.initial = initial
            self.overlap = overlap
            self.header = header
        }
    }

    public var url: String
    public var method: Method = .get
    public var body: String?
    public var headers: [String: String] = [:]
    public var schedule: CronExpression
    public var auth: Auth = .none
    public var clientCert: String?
    public var clientKey: String?
    public var caFile: String?
    /// Skip TLS certificate checks (never for production; `validate` warns).
    public var insecure = false
    public var timeouts = Timeouts()
    public var maxRedirects = 5
    public var pageLimit = 100
    public var watermark: Watermark?
    public var maxBytes: Int64 = 512 * 1_048_576

    public init(url: String, schedule: CronExpression) {
        self.url = url
        self.schedule = schedule
    }
}
