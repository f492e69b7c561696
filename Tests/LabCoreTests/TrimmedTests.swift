import LabCore
import Testing

@Suite struct TrimmedTests {
    @Test(arguments: [
        ("1.2", "1.2"), (" 1.2 ", "1.2"), ("\t\r\n1.2\r\n", "1.2"), ("", ""), ("  \n ", ""),
        ("a b", "a b"), ("\u{00A0}µmol/L\u{00A0}", "µmol/L"), ("é ", "é"), (" 中", "中"), ("x\u{3000}", "x"),
    ])
    func trimsWhitespaceAtBothEndsOnly(_ input: String, _ expected: String) {
        #expect(input.trimmed() == expected)
        #expect(input[...].trimmed() == expected, "the Substring path agrees")
    }
}
