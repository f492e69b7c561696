#if PostgreSQL
import Foundation
import LabCore
import LabStore
import Synchronization
import Testing

/// What only a shared server can show: a writer killed mid-transaction, transactions committing out of the
/// order they started, the per-pipeline lock between hosts, TLS. Runs against the test cluster.
@Suite(.enabled(if: StoreBackend.postgresTestable, Comment(rawValue: StoreBackend.postgresSkipMessage)))
struct PostgresStoreTests {
    typealias F = StoreFixtures

    final class Flags: Sendable {
        let started = DispatchSemaphore(value: 0)
        let otherCommitted = DispatchSemaphore(value: 0)
        let seenByReader = Mutex<[Int64]>([])
        let result = Mutex<UnitCounts?>(nil)
    }

    @Test func aWriterKilledMidTransactionLeavesNothing() throws {
        let t = try StoreBackend.postgres.makeStore()
        let cluster = try PostgresTestCluster.shared.get()
        do {
            _ = try t.store.ingestUnit(F.source) { w in
                _ = try w.append((0..<600).map { F.event($0) })
                try w.quarantine([QuarantineItem(source: "sha256:src", uri: "file:///x.csv", reason: .unitUnknown, message: "m", locator: "line 3", raw: "r")])
                // The writer's server process dies mid-unit, as when its host crashes or is fenced off.
                let killed = try cluster.psql("""
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE datname = '\(t.location)' AND state = 'idle in transaction'
                    """)
                #expect(killed.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
                _ = try w.append((600..<700).map { F.event($0) })
                return (UnitCounts(read: 700, appended: 700), nil, [])
            }
            Issue.record("the unit should have failed")
        } catch {
            #expect(error.code == .storeFailed)
        }
        #expect(try t.rawQuery("SELECT count(*) FROM events") == ["0"])
        #expect(try t.rawQuery("SELECT count(*) FROM quarantine") == ["0"])
        #expect(try t.rawQuery("SELECT count(*) FROM sources") == ["0"])
        #expect(try t.rawQuery("SELECT last_seq FROM event_seq") == ["0"])
        // The store recovers (a new connection) and a re-run completes the unit.
        _ = try t.store.ingestUnit(F.source) { w in
            _ = try w.append((0..<700).map { F.event($0) })
            return (UnitCounts(read: 700, appended: 700), nil, [])
        }
        #expect(try t.store.statistics().events == 700)
        #expect(try t.store.events(EventQuery()).map(\.seq) == (1...700).map(Optional.some))
    }

    /// Unit A starts first and commits last; unit B commits in between. B's events must get the lower
    /// seq, so a consumer that read "after seq N" when only B was visible still gets all of A later.
    @Test func anEventAnotherWriterCommitsWhileAUnitRunsIsALateDuplicate() throws {
        let t = try StoreBackend.postgres.makeStore()
        let other = try t.reopen()
        let record = try t.store.ingestUnit(F.source("sha256:a")) { w in
            let first = try w.append([F.event(1), F.event(2)])
            #expect(first.appended == 2)
            // Another host commits event 2 (and a new one) after this unit checked it.
            let b = try other.ingestUnit(F.source("sha256:b")) { wb in
                let r = try wb.append([F.event(2), F.event(3)])
                return (UnitCounts(read: 2, appended: r.appended, duplicates: r.duplicates), nil, [])
            }
            #expect(b.counts.appended == 2)
            return (UnitCounts(read: 2, appended: first.appended, duplicates: first.duplicates), nil, [])
        }
        #expect(record.counts.appended == 1 && record.counts.duplicates == 1, "event 2 moved to the duplicates")
        #expect(try t.store.events(EventQuery()).map(\.id).sorted() == ["sha256:e1", "sha256:e2", "sha256:e3"])
    }

    @Test func seqFollowsCommitOrderNotStartOrder() throws {
        let t = try StoreBackend.postgres.makeStore()
        let other = try t.reopen()
        let flags = Flags()
        let b = Thread {
            flags.started.wait()
            do {
                _ = try other.ingestUnit(F.source("sha256:b")) { w in
                    _ = try w.append((100..<110).map { F.event($0) })
                    return (UnitCounts(read: 10, appended: 10), nil, [])
                }
                flags.seenByReader.withLock { $0 = (try? other.events(EventQuery()).compactMap(\.seq)) ?? [] }
            } catch {
                Issue.record(error)
            }
            flags.otherCommitted.signal()
        }
        b.start()
        _ = try t.store.ingestUnit(F.source("sha256:a")) { w in
            _ = try w.append((0..<10).map { F.event($0) })
            flags.started.signal()
            #expect(flags.otherCommitted.wait(timeout: .now() + 20) == .success, "B must not wait for A")
            _ = try w.append((10..<20).map { F.event($0) })
            return (UnitCounts(read: 20, appended: 20), nil, [])
        }
        // While A was open, a consumer saw B as seq 1…10.
        #expect(flags.seenByReader.withLock { $0 } == Array(1...10))
        let after = try t.store.events(EventQuery(afterSeq: 10))
        #expect(after.count == 20)
        #expect(after.allSatisfy { $0.provenance.source == "sha256:src" && $0.id.hasPrefix("sha256:e") })
        #expect(after.map(\.id) == (0..<20).map { "sha256:e\($0)" })
    }

    /// Two writers get the same bytes at the same time: the second waits for the first's claim and then
    /// finds everything stored.
    @Test func claimingTheSameUnitIsAtomicAcrossWriters() throws {
        let t = try StoreBackend.postgres.makeStore()
        let other = try t.reopen()
        let flags = Flags()
        let b = Thread {
            flags.started.wait()
            let counts = try? other.ingestUnit(F.source) { w in
                let r = try w.append((0..<50).map { F.event($0) })
                return (UnitCounts(read: 50, appended: r.appended, duplicates: r.duplicates), nil, [])
            }.counts
            flags.result.withLock { $0 = counts }
            flags.otherCommitted.signal()
        }
        b.start()
        _ = try t.store.ingestUnit(F.source) { w in
            flags.started.signal()
            // B is blocked on the claim: it cannot finish while A holds the unit.
            #expect(flags.otherCommitted.wait(timeout: .now() + 1) == .timedOut)
            let r = try w.append((0..<50).map { F.event($0) })
            return (UnitCounts(read: 50, appended: r.appended), nil, [])
        }
        #expect(flags.otherCommitted.wait(timeout: .now() + 20) == .success)
        #expect(flags.result.withLock { $0 } == UnitCounts(read: 50, appended: 0, duplicates: 50))
        #expect(try t.store.statistics().events == 50)
    }

    @Test func thePipelineLockIsExclusiveAcrossStoreInstances() throws {
        let t = try StoreBackend.postgres.makeStore()
        let hostA = try #require(t.store as? PipelineLocking)
        let hostB = try #require(try t.reopen() as? PipelineLocking)
        let held = try #require(try hostA.tryLockPipeline("nct04534634"))
        #expect(held.pipeline == "nct04534634")
        #expect(try hostB.tryLockPipeline("nct04534634") == nil)
        let otherPipeline = try hostB.tryLockPipeline("demo")
        #expect(otherPipeline != nil)
        held.release()
        held.release()
        let taken = try hostB.tryLockPipeline("nct04534634")
        #expect(taken != nil)
        #expect(try hostA.tryLockPipeline("nct04534634") == nil)
        taken?.release()
        otherPipeline?.release()
    }

    @Test func tlsRequireVerifiesTheServerAgainstTheCAFile() throws {
        let cluster = try PostgresTestCluster.shared.get()
        let db = try cluster.createDatabase()
        let verified = try PostgresEventStore(try TestStore.postgresConfiguration(db, query: "sslmode=require&sslrootcert=\(cluster.certificate)"))
        #expect(try verified.statistics().schemaVersion == "v1")
        let ssl = try cluster.psql("SELECT bool_or(ssl) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE datname = '\(db)'")
        #expect(ssl.contains("t"))
        // Without the CA the self-signed certificate is not trusted.
        #expect(throws: LabError.self) { _ = try PostgresEventStore(try TestStore.postgresConfiguration(db, query: "sslmode=require")) }
        // prefer without a CA encrypts without verifying (libpq's meaning).
        #expect(try PostgresEventStore(try TestStore.postgresConfiguration(db, query: "sslmode=prefer")).statistics().events == 0)
    }

    @Test func aWrongPasswordIsStoreUnavailableWithoutThePassword() throws {
        let cluster = try PostgresTestCluster.shared.get()
        let config = try PostgresStoreConfiguration.parse(cluster.url(database: "postgres"), environment: ["PGPASSWORD": "wrong-secret"])
        do {
            _ = try PostgresEventStore(config)
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .storeUnavailable)
            #expect(!error.message.contains("wrong-secret"))
            #expect(!error.detailedDescription().contains("wrong-secret"))
        }
    }
}
#endif
