import Foundation

/// How a drawing prints its numbers; NaN and infinities print as `nan`, `inf`, `-inf`.
///
/// ```
/// ValueFormat.fixed(2).string(0.3141)      // "0.31"
/// ValueFormat.fixed(2).string(-0.001)      // "0.00"   (never "-0.00")
/// ValueFormat.percent(1).string(0.924)     // "92.4%"
/// ValueFormat.compact.string(151_277_313)  // "151.3M"
/// ```
public enum ValueFormat: Sendable, Hashable {
    /// Fixed decimals.
    case fixed(Int)
    /// A fraction shown as a percentage with the given decimals.
    case percent(Int)
    /// Integers with k / M / B suffixes past a thousand.
    case compact

    public func string(_ v: Double) -> String {
        if let special = ValueFormat.special(v) { return special }
        switch self {
        case .fixed(let d): return ValueFormat.fixed(v, decimals: d)
        case .percent(let d): return ValueFormat.fixed(v * 100, decimals: d) + "%"
        case .compact:
            let a = abs(v)
            if a < 1000 { return ValueFormat.fixed(v, decimals: v == v.rounded() ? 0 : 2) }
            let (scale, suffix): (Double, String) = a < 1e6 ? (1e3, "k") : a < 1e9 ? (1e6, "M") : (1e9, "B")
            return ValueFormat.fixed(v / scale, decimals: 1) + suffix
        }
    }

    /// Decimals that show a matrix's spread with about three significant digits at most.
    ///
    /// Cosines (|v| ≤ 1) get 2, logits in the tens get 1, hundreds and more get 0.
    public static func automatic(for values: [Double]) -> ValueFormat {
        let finite = values.filter(\.isFinite)
        let largest = finite.map(abs).max() ?? 0
        return .fixed(largest < 10 ? 2 : largest < 100 ? 1 : 0)
    }

    static func special(_ v: Double) -> String? {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return nil
    }

    static func fixed(_ v: Double, decimals: Int) -> String {
        if let special = special(v) { return special }
        let d = max(0, min(decimals, 12))
        var s = String(format: "%.\(d)f", v)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            s.removeFirst()
        }
        return s
    }
}
