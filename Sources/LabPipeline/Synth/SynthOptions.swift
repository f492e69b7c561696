/// What `labingest synth` generates.
public struct SynthOptions: Sendable {
    public var subjects: Int
    public var months: Int
    public var seed: UInt64
    /// Calendar start of the trial window (first day of a month).
    public var startYear = 2024
    public var startMonth = 1
    /// Also write one large central-lab v2.xml batch of about this many MB (`scale/`), streamed.
    public var scaleHL7MB: Double?

    public init(subjects: Int = 60, months: Int = 24, seed: UInt64 = 1, scaleHL7MB: Double? = nil) {
        self.subjects = subjects
        self.months = months
        self.seed = seed
        self.scaleHL7MB = scaleHL7MB
    }

    /// Day number of the window's first day.
    var startDay: Int { SynthCalendar.days(year: startYear, month: startMonth, day: 1) }
    /// Day number just after the window.
    var endDay: Int {
        let m = startMonth - 1 + months
        return SynthCalendar.days(year: startYear + m / 12, month: m % 12 + 1, day: 1)
    }
}
