/// Maps SPM-4 / OBR-15 specimen codes and texts to the small specimen vocabulary of events:
/// `blood`, `serum`, `plasma`, `bone marrow`, `csf`, `urine`; anything else is its text lower-cased
/// (never guessed into the vocabulary).
enum HL7Specimen {
    // HL7 tables 0070 / 0487 codes and common texts.
    static let vocabulary: [String: String] = [
        "BLD": "blood", "BLDV": "blood", "BLDA": "blood", "BLDC": "blood", "WB": "blood", "PB": "blood",
        "BLOOD": "blood", "WHOLE BLOOD": "blood", "PERIPHERAL BLOOD": "blood", "VENOUS BLOOD": "blood",
        "ARTERIAL BLOOD": "blood", "CAPILLARY BLOOD": "blood", "BLOOD VENOUS": "blood",
        "SER": "serum", "SERUM": "serum",
        "PLAS": "plasma", "PLA": "plasma", "PLASMA": "plasma",
        "MAR": "bone marrow", "BM": "bone marrow", "BMA": "bone marrow", "MARROW": "bone marrow",
        "BONE MARROW": "bone marrow", "MARROW (BONE)": "bone marrow", "BONE MARROW ASPIRATE": "bone marrow",
        "CSF": "csf", "CEREBROSPINAL FLUID": "csf", "CEREBRAL SPINAL FLUID": "csf", "SPINAL FLUID": "csf",
        "UR": "urine", "URN": "urine", "URINE": "urine", "URINE, RANDOM": "urine",
    ]

    static func map(code: String?, text: String?) -> String? {
        for candidate in [code, text].compactMap({ $0 }) {
            if let v = vocabulary[candidate.uppercased()] { return v }
        }
        return (text ?? code)?.lowercased()
    }

    /// SPM-4 specimen type (CWE: code ^ text ^ system).
    static func fromSPM(_ spm: HL7Segment) -> String? {
        map(code: spm.text(4, comp: 1), text: spm.text(4, comp: 2))
    }

    /// OBR-15 specimen source: component 1 is a CE carried in subcomponents (code & text & system);
    /// plain text in 15.1 is read as text.
    static func fromOBR15(_ obr: HL7Segment) -> String? {
        map(code: obr.text(15, comp: 1, sub: 1), text: obr.text(15, comp: 1, sub: 2))
    }
}
