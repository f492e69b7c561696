import Foundation

/// A throw-away CA and a server certificate for 127.0.0.1 signed by it, made with the openssl CLI.
struct TestCertificates {
    let caCert: String
    let serverCert: String
    let serverKey: String

    init(in directory: String) throws {
        let dir = directory + "/tls"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        caCert = dir + "/ca.pem"
        serverCert = dir + "/server.pem"
        serverKey = dir + "/server.key"
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Self.openssl(["req", "-x509"] + ec + ["-keyout", dir + "/ca.key", "-out", caCert, "-days", "2",
                                                  "-subj", "/CN=LabIngest Test CA",
                                                  "-addext", "basicConstraints=critical,CA:TRUE",
                                                  "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try Self.openssl(["req"] + ec + ["-keyout", serverKey, "-out", dir + "/server.csr", "-subj", "/CN=127.0.0.1"])
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n".write(toFile: dir + "/ext.cnf", atomically: true, encoding: .utf8)
        try Self.openssl(["x509", "-req", "-in", dir + "/server.csr", "-CA", caCert, "-CAkey", dir + "/ca.key",
                          "-CAcreateserial", "-out", serverCert, "-days", "2", "-extfile", dir + "/ext.cnf"])
    }

    private static func openssl(_ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl"] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
