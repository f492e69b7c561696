import LabCore

extension ReasonCode {
    // MARK: - flow: ignored (by policy not a result)

    /// A statistic cell FlowJo or FACSDiva could not compute (`n/a`, `NaN`, `####`): an empty gate.
    public static let flowStatisticUndefined: ReasonCode = "flow.statistic-undefined"
    /// A table row without any statistic value (a compensation control, a blank line).
    public static let flowEmptyRow: ReasonCode = "flow.empty-row"
    /// A trailing `Mean` / `SD` / `StdDev` row that FlowJo appends to a table.
    public static let flowSummaryRow: ReasonCode = "flow.summary-row"
    /// A number in a FlowJo column whose header reads as no `<gate path> | <statistic>` (a renamed Table Editor
    /// column, a numeric keyword): it may be a result, but which population and statistic is not guessed.
    public static let flowColumnUnread: ReasonCode = "flow.column-unread"

    // MARK: - flow: quarantined

    /// A canonical measure's gate pattern matches more than one population/statistic of a sample.
    public static let flowMeasureAmbiguous: ReasonCode = "flow.measure-ambiguous"
    /// A bead-based absolute count that cannot be computed (missing, undefined or zero events, no constant).
    public static let flowAbsoluteCountUndefined: ReasonCode = "flow.absolute-count-undefined"
    /// The same sample, tube and statistic twice in one unit with different values (or times): a repeated
    /// sample name or column, not a correction, so neither is preferred.
    public static let flowAmbiguousRepeat: ReasonCode = "flow.ambiguous-repeat"
    /// A FACSDiva line with several values after the blank line that ended a population table: neither a
    /// metadata line nor a row of any table.
    public static let flowRowOutsideTable: ReasonCode = "flow.row-outside-table"
}
