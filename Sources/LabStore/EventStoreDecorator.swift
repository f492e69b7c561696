import LabCore

/// An `EventStore` that wraps another and changes how units are ingested: it implements `ingestUnit` itself
/// (deliberately no default, so a decorator whose signature drifts fails to compile rather than silently
/// forwarding), and every other requirement is passed through to `base`.
///
/// For example, the HTTP fetcher watches the events a unit commits, and tests inject failures mid-unit,
/// each by implementing `ingestUnit` alone.
public protocol EventStoreDecorator: EventStore {
    var base: any EventStore { get }
}

extension EventStoreDecorator {
    public func completedSource(sha256: String) throws(LabError) -> SourceRecord? { try base.completedSource(sha256: sha256) }

    public func recordFailure(_ source: SourceInfo, error: LabError) throws(LabError) { try base.recordFailure(source, error: error) }
    public func forEachEvent(_ query: EventQuery, _ body: (Event) throws -> Void) throws(LabError) { try base.forEachEvent(query, body) }
    public func event(id: String) throws(LabError) -> Event? { try base.event(id: id) }
    public func source(sha256: String) throws(LabError) -> SourceRecord? { try base.source(sha256: sha256) }
    public func quarantineItems(status: String?) throws(LabError) -> [QuarantineItem] { try base.quarantineItems(status: status) }
    public func quarantineItem(id: Int64) throws(LabError) -> QuarantineItem? { try base.quarantineItem(id: id) }
    public func setQuarantineStatus(id: Int64, status: String) throws(LabError) { try base.setQuarantineStatus(id: id, status: status) }
    public func cursor(_ name: String) throws(LabError) -> String? { try base.cursor(name) }
    public func setCursor(_ name: String, value: String) throws(LabError) { try base.setCursor(name, value: value) }
    public func statistics() throws(LabError) -> StoreStatistics { try base.statistics() }
}
