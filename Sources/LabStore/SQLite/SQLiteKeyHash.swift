/// The 64-bit index key of an event id or result key in the SQLite store: FNV-1a over the key's UTF-8.
///
/// The keys are 71-character SHA-256 texts in random order. Indexed as text, the id and result-key indexes
/// were each larger than the page cache, and inserting into them was half of SQLite's own time for a
/// 100 MB batch (3.0 s → 1.9 s with integer keys). The integer only narrows the search: every lookup also
/// compares the full text, so two keys with the same hash are still two keys. Changing this function
/// would orphan the hashes already stored: it is part of the file format.
enum SQLiteKeyHash {
    static func of(_ key: String) -> Int64 {
        var key = key
        return key.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
            return Int64(bitPattern: hash)
        }
    }
}
