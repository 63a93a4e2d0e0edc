import Foundation

/// Limited-memory BFGS in double precision: the optimiser behind the paper's linear probe
/// (scikit-learn's `lbfgs` solver, run until the gradient vanishes).
///
/// Each step builds a quasi-Newton direction from the last `memory` pairs (s, y) by the
/// two-loop recursion, then takes a step along it that satisfies the strong Wolfe
/// conditions (sufficient decrease `c1`, curvature `c2`).
/// Example: minimising `(x - 3)²` from 0 reaches x = 3 in a couple of iterations.
public struct LBFGS: Sendable {
    public var memory = 10
    public var maxIterations = 1000
    /// Stop when the largest gradient component is at most this (scikit-learn's `tol`).
    public var gradientTolerance = 1e-6
    public var c1 = 1e-4, c2 = 0.9

    /// What a run ended with.
    public struct Result: Sendable {
        public var x: [Double]
        public var value: Double
        /// Largest absolute gradient component at `x`.
        public var gradientNorm: Double
        public var iterations: Int
        /// The gradient fell below the tolerance.
        public var converged: Bool
    }

    public init(maxIterations: Int = 1000, gradientTolerance: Double = 1e-6) {
        self.maxIterations = maxIterations
        self.gradientTolerance = gradientTolerance
    }

    /// Minimises `objective` (value and gradient at a point) from `start`; stops early (not
    /// converged) when `isCancelled` turns true.
    public func minimize(from start: [Double], isCancelled: () -> Bool = { false },
                         _ objective: ([Double]) -> (value: Double, gradient: [Double])) -> Result {
        var x = start
        var (f, g) = objective(x)
        var sHistory: [[Double]] = [], yHistory: [[Double]] = [], rhoHistory: [Double] = []
        var iterations = 0
        while iterations < maxIterations, Self.maxAbs(g) > gradientTolerance, !isCancelled() {
            // Two-loop recursion: d = -H·g.
            var q = g
            var alphas = [Double](repeating: 0, count: sHistory.count)
            for i in stride(from: sHistory.count - 1, through: 0, by: -1) {
                alphas[i] = rhoHistory[i] * Self.dot(sHistory[i], q)
                Self.axpy(-alphas[i], yHistory[i], &q)
            }
            if let s = sHistory.last, let y = yHistory.last {
                let gamma = Self.dot(s, y) / Self.dot(y, y)
                for j in q.indices { q[j] *= gamma }
            }
            for i in sHistory.indices {
                let beta = rhoHistory[i] * Self.dot(yHistory[i], q)
                Self.axpy(alphas[i] - beta, sHistory[i], &q)
            }
            var d = q.map { -$0 }
            var slope = Self.dot(g, d)
            if slope >= 0 {
                // Not a descent direction (lost curvature): restart from steepest descent.
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
                d = g.map { -$0 }
                slope = Self.dot(g, d)
            }
            let first = sHistory.isEmpty ? min(1, 1 / max(Self.maxAbs(g), 1e-12)) : 1
            guard let step = lineSearch(x: x, f: f, g: g, direction: d, slope: slope, initial: first, objective) else { break }
            iterations += 1
            let s = d.map { $0 * step.alpha }
            let y = zip(step.g, g).map { $0 - $1 }
            let sy = Self.dot(s, y)
            for j in x.indices { x[j] += s[j] }
            f = step.f; g = step.g
            if sy > 1e-12 * Self.dot(y, y) {
                sHistory.append(s); yHistory.append(y); rhoHistory.append(1 / sy)
                if sHistory.count > memory { sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst() }
            }
        }
        let norm = Self.maxAbs(g)
        return Result(x: x, value: f, gradientNorm: norm, iterations: iterations, converged: norm <= gradientTolerance)
    }

    /// A step length along `direction` meeting the strong Wolfe conditions (Nocedal & Wright,
    /// Algorithms 3.5 and 3.6), or nil when none can be found (the point is numerically optimal).
    func lineSearch(x: [Double], f: Double, g: [Double], direction d: [Double], slope: Double, initial: Double,
                    _ objective: ([Double]) -> (value: Double, gradient: [Double])) -> (alpha: Double, f: Double, g: [Double])? {
        func evaluate(_ alpha: Double) -> (f: Double, g: [Double], slope: Double) {
            let point = zip(x, d).map { $0 + alpha * $1 }
            let (value, gradient) = objective(point)
            return (value, gradient, Self.dot(gradient, d))
        }
        func zoom(_ lo0: Double, _ hi0: Double, _ fLo0: Double, _ slopeLo0: Double, _ fHi0: Double) -> (Double, Double, [Double])? {
            var lo = lo0, hi = hi0, fLo = fLo0, slopeLo = slopeLo0, fHi = fHi0
            for _ in 0..<40 {
                // Quadratic interpolation from (lo, fLo, slopeLo) and (hi, fHi), kept inside the bracket.
                let width = hi - lo
                let denominator = 2 * (fHi - fLo - slopeLo * width)
                var alpha = denominator > 0 ? lo - slopeLo * width * width / denominator : lo + width / 2
                let lower = min(lo, hi) + 0.1 * abs(width), upper = max(lo, hi) - 0.1 * abs(width)
                if !(alpha >= lower && alpha <= upper) { alpha = lo + width / 2 }
                let trial = evaluate(alpha)
                if !trial.f.isFinite || trial.f > f + c1 * alpha * slope || trial.f >= fLo {
                    hi = alpha; fHi = trial.f
                } else {
                    if abs(trial.slope) <= -c2 * slope { return (alpha, trial.f, trial.g) }
                    if trial.slope * (hi - lo) >= 0 { hi = lo; fHi = fLo }
                    lo = alpha; fLo = trial.f; slopeLo = trial.slope
                }
                if abs(hi - lo) < 1e-16 * max(1, abs(lo)) { break }
            }
            // Give back the best point seen when it still decreases the objective.
            if lo > 0, fLo < f { let end = evaluate(lo); return (lo, end.f, end.g) }
            return nil
        }
        var previous = 0.0, fPrevious = f, slopePrevious = slope
        var alpha = initial
        for i in 0..<30 {
            let trial = evaluate(alpha)
            if !trial.f.isFinite || trial.f > f + c1 * alpha * slope || (i > 0 && trial.f >= fPrevious) {
                return zoom(previous, alpha, fPrevious, slopePrevious, trial.f).map { ($0.0, $0.1, $0.2) }
            }
            if abs(trial.slope) <= -c2 * slope { return (alpha, trial.f, trial.g) }
            if trial.slope >= 0 {
                return zoom(alpha, previous, trial.f, trial.slope, fPrevious).map { ($0.0, $0.1, $0.2) }
            }
            previous = alpha; fPrevious = trial.f; slopePrevious = trial.slope
            alpha *= 2
        }
        return nil
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    static func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
        for i in y.indices { y[i] += a * x[i] }
    }

    static func maxAbs(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }
}
