import LabCore

/// The columns of a tidy lab results sheet, found by header name (case- and spacing-insensitive) through
/// aliases, or through names the pipeline maps (`columns: {value: "Wert"}`).
struct LabCSVColumns {
    enum Field: String, CaseIterable {
        case subject, mrn, sampleID = "sample_id", collectedAt = "collected_at", reportedAt = "reported_at",
             loinc, localCode = "code", analyte, value, unit, refLow = "ref_low", refHigh = "ref_high",
             refRange = "ref_range", flag, specimen, status, resultID = "result_id"
    }

    static let aliases: [Field: [String]] = [
        .subject: ["subject", "subject id", "subject_id", "study id", "study subject"],
        .mrn: ["mrn", "patient id", "patient_id", "patientid", "medical record number", "pid"],
        .sampleID: ["sample id", "sample_id", "sample", "specimen id", "accession"],
        .collectedAt: ["collected_at", "collected at", "collection time", "collection date", "collection datetime",
                       "date", "datetime", "sample date", "draw time"],
        .reportedAt: ["reported_at", "reported at", "result time", "report date", "resulted"],
        .loinc: ["loinc", "loinc code", "loinc_code"],
        .localCode: ["analyte code", "analyte_code", "test code", "test_code", "code"],
        .analyte: ["analyte", "test name", "test", "test_name", "analyte name", "parameter"],
        .value: ["value", "result", "result value", "result_value"],
        .unit: ["unit", "units", "uom"],
        .refLow: ["ref_low", "ref low", "reference low", "low"],
        .refHigh: ["ref_high", "ref high", "reference high", "high"],
        .refRange: ["ref_range", "reference range", "ref range", "normal range", "range"],
        .flag: ["flag", "abnormal flag", "abn"],
        .specimen: ["specimen", "specimen type", "sample type", "material"],
        .status: ["status", "result status"],
        .resultID: ["result_id", "result id", "accession number", "observation id"],
    ]

    /// Headers that hold personal data: never read, and blanked in any raw text kept.
    static let personalHeaders: Set<String> = [
        "name", "patient name", "patient", "first name", "firstname", "given name", "last name", "lastname",
        "surname", "family name", "dob", "birth date", "birthdate", "date of birth", "birth_date", "address",
        "street", "city", "zip", "postcode", "postal code", "phone", "telephone", "mobile", "email", "e-mail",
        "ssn", "social security number", "nhs number", "insurance number",
    ]

    static func key(_ header: String) -> String {
        header.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "_" }).joined(separator: " ")
            .trimmed()
    }

    let index: [Field: Int]
    let personal: Set<Int>

    /// - Throws: `csv.missing-column` when a required column is absent, naming what was looked for.
    init(header: [String], mapping: [(String, String)], uri: String, line: Int) throws(LabError) {
        let keys = header.map(LabCSVColumns.key)
        var index: [Field: Int] = [:]
        for (fieldName, headerName) in mapping {
            guard let field = Field(rawValue: fieldName) else {
                throw LabError(.pipelineInvalid, "columns.\(fieldName): unknown lab-csv field (known: \(Field.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard let i = keys.firstIndex(of: LabCSVColumns.key(headerName)) else {
                throw LabError(.csvMissingColumn, "mapped column '\(headerName)' for \(fieldName) is not in the header",
                               locator: Locator(uri: uri, line: line), field: fieldName)
            }
            index[field] = i
        }
        for field in Field.allCases where index[field] == nil {
            let taken = Set(index.values)
            if let i = keys.indices.first(where: { !taken.contains($0) && LabCSVColumns.aliases[field]!.map(LabCSVColumns.key).contains(keys[$0]) }) {
                index[field] = i
            }
        }
        var missing: [String] = []
        if index[.subject] == nil && index[.mrn] == nil && index[.sampleID] == nil { missing.append("subject|mrn|patient id") }
        if index[.collectedAt] == nil { missing.append("collected_at|collection time|date") }
        if index[.value] == nil { missing.append("value|result") }
        if index[.loinc] == nil && index[.localCode] == nil && index[.analyte] == nil { missing.append("loinc|analyte code|analyte|test name") }
        if !missing.isEmpty {
            throw LabError(.csvMissingColumn, "required column(s) missing: \(missing.joined(separator: "; "))",
                           locator: Locator(uri: uri, line: line))
        }
        self.index = index
        let personalKeys = Set(LabCSVColumns.personalHeaders.map(LabCSVColumns.key))
        self.personal = Set(keys.indices.filter { personalKeys.contains(keys[$0]) })
    }

    func value(_ field: Field, in fields: [String]) -> String? {
        guard let i = index[field], i < fields.count else { return nil }
        let v = fields[i].trimmed()
        return v.isEmpty ? nil : v
    }
}
