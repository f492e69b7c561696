import LabCore
import Yams

/// Reads YAML text into a `ConfigValue` tree that remembers each node's line, so validation errors can
/// name the file, line and key path.
enum YAMLConfig {
    static func parse(_ text: String, file: String) throws(LabError) -> ConfigValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw LabError(.pipelineInvalid, "not valid YAML: \(error)", locator: Locator(uri: file))
        } catch {
            throw LabError(.pipelineInvalid, "not valid YAML: \(error)", locator: Locator(uri: file))
        }
        guard let node else { return .map([], line: 1) }
        return try convert(node, file: file, depth: 0)
    }

    private static func convert(_ node: Node, file: String, depth: Int) throws(LabError) -> ConfigValue {
        guard depth < 64 else { throw LabError(.pipelineInvalid, "YAML nested too deeply", locator: Locator(uri: file)) }
        let line = node.mark?.line
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null(line: line) }
            return .string(scalar.string, line: line)
        case .sequence(let sequence):
            var items: [ConfigValue] = []
            for item in sequence { items.append(try convert(item, file: file, depth: depth + 1)) }
            return .list(items, line: line)
        case .mapping(let mapping):
            var pairs: [(key: String, value: ConfigValue)] = []
            for (key, value) in mapping {
                guard case .scalar(let k) = key else {
                    throw LabError(.pipelineInvalid, "mapping keys must be plain text", locator: Locator(uri: file, line: key.mark?.line))
                }
                if pairs.contains(where: { $0.key == k.string }) {
                    throw LabError(.pipelineInvalid, "key '\(k.string)' appears twice", locator: Locator(uri: file, line: key.mark?.line))
                }
                pairs.append((k.string, try convert(value, file: file, depth: depth + 1)))
            }
            return .map(pairs, line: line)
        case .alias:
            throw LabError(.pipelineInvalid, "YAML aliases are not supported in pipeline files", locator: Locator(uri: file, line: line))
        }
    }
}
