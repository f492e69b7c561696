import Foundation
import LabPipeline
import Testing

/// The fetcher's pure parts: Link headers, redaction, URL templates, retry timing.
@Suite("HTTP parts")
struct HTTPPartsTests {
    @Test func linkHeaderFindsNextAmongSeveralAndResolvesRelativeTargets() {
        let base = "https://lis.example.org/api/results?page=1"
        #expect(LinkHeader.next(in: [#"<https://lis.example.org/api/results?page=2>; rel="next""#], base: base)
                == "https://lis.example.org/api/results?page=2")
        #expect(LinkHeader.next(in: [#"</api/results?page=1>; rel="prev", </api/results?page=3>; rel="next last""#], base: base)
                == "https://lis.example.org/api/results?page=3")
        #expect(LinkHeader.next(in: [#"<?page=4>; title="a, <b>"; rel=next"#], base: base)
                == "https://lis.example.org/api/results?page=4")
        #expect(LinkHeader.next(in: [#"<https://lis.example.org/x>; rel="last""#, #"<y>; rel="NEXT""#], base: base)
                == "https://lis.example.org/api/y")
        #expect(LinkHeader.next(in: [#"<https://lis.example.org/x>; rel="prev""#], base: base) == nil)
        #expect(LinkHeader.next(in: [], base: base) == nil)
    }

    @Test func redactorMasksUserInfoCredentialParametersAndKnownSecrets() {
        var r = SecretRedactor(secrets: ["tok-123456"])
        r.addBasic(user: "lab", password: "pa ss:word")
        #expect(r.url("https://lab:pw@lis.example.org/r?since=2024-01-01&access_token=abc&page=2#sig=x")
                == "https://lis.example.org/r?since=2024-01-01&access_token=REDACTED&page=2#sig=REDACTED")
        #expect(r.url("https://lis.example.org/r?X-Amz-Signature=ff&X-Amz-Credential=k&apiKey=1&q=tok-123456")
                == "https://lis.example.org/r?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&apiKey=REDACTED&q=REDACTED")
        #expect(r.text("bad token tok-123456 here") == "bad token REDACTED here")
        #expect(r.text("pw=pa%20ss%3Aword") == "pw=REDACTED")
        let basic = Data("lab:pa ss:word".utf8).base64EncodedString()
        #expect(r.text("Authorization: Basic \(basic)") == "Authorization: Basic REDACTED")
        #expect(SecretRedactor(secrets: ["abc"]).text("abc") == "abc")   // too short to mask safely
    }

    @Test func urlTemplateEncodesValuesAndAddsTheWatermarkParameter() throws {
        let values = ["since": "2024-03-01T00:00:00+08:00", "watermark": "2024-03-01T00:10:00+08:00"]
        #expect(try URLTemplate.expand("https://h/r?from={since}&w={watermark}", values: values, encoded: true)
                == "https://h/r?from=2024-03-01T00%3A00%3A00%2B08%3A00&w=2024-03-01T00%3A10%3A00%2B08%3A00")
        #expect(try URLTemplate.expand(#"{"from":"{since}"}"#, values: values, encoded: false) == #"{"from":"2024-03-01T00:00:00+08:00"}"#)
        #expect(throws: (any Error).self) { try URLTemplate.expand("https://h/r?from={since}", values: [:], encoded: true) }
        #expect(URLTemplate.appendingQuery("https://h/r", name: "since", value: "2024-01-01T00:00:00Z") == "https://h/r?since=2024-01-01T00%3A00%3A00Z")
        #expect(URLTemplate.appendingQuery("https://h/r?a=1#f", name: "since", value: "x y") == "https://h/r?a=1&since=x%20y#f")
    }

    @Test func retryPolicyBacksOffExponentiallyWithJitterAndReadsRetryAfter() {
        let p = HTTPRetryPolicy(maxAttempts: 5, baseDelay: 1, multiplier: 2, maxDelay: 5, jitter: 0.5)
        #expect(p.backoff(afterAttempt: 1, random: 0) == 1)
        #expect(p.backoff(afterAttempt: 2, random: 0) == 2)
        #expect(p.backoff(afterAttempt: 3, random: 1) == 2)     // 4 less half
        #expect(p.backoff(afterAttempt: 10, random: 0) == 5)    // capped
        #expect(HTTPRetryPolicy.isRetryable(status: 503) && HTTPRetryPolicy.isRetryable(status: 429))
        #expect(!HTTPRetryPolicy.isRetryable(status: 404) && !HTTPRetryPolicy.isRetryable(status: 501))
        #expect(HTTPRetryPolicy.retryAfter("120") == 120)
        let now = Date(timeIntervalSince1970: 1_700_000_000)   // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(HTTPRetryPolicy.retryAfter("Tue, 14 Nov 2023 22:14:20 GMT", now: now) == 60)
        #expect(HTTPRetryPolicy.retryAfter("soon") == nil)
    }
}
