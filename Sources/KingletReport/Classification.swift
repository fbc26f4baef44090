import KingletRuntime

/// A classifier's scores against integer labels: accuracy (top-1), top-k and the confusion matrix,
/// for `kinglet eval --labels`.
///
/// Classes are ranked by their real score (dequantized when the output is quantized, as `kinglet
/// run` ranks its top classes), highest first, ties going to the lower class index: numpy's
/// `argmax`, and `argsort(-scores, kind="stable")` for top-k. NaN scores rank below every number.
public struct Classification: Equatable, Sendable {
    public var classes: Int
    public var samples: Int
    /// Samples whose top class is their label.
    public var correct: Int
    /// k of top-k (at most `classes`).
    public var topK: Int
    /// Samples whose label is among their k best classes.
    public var topKCorrect: Int
    /// `confusion[label][prediction]`: how many samples of each label got each top class.
    public var confusion: [[Int]]

    public var accuracy: Double { samples > 0 ? Double(correct) / Double(samples) : 0 }
    public var topKAccuracy: Double { samples > 0 ? Double(topKCorrect) / Double(samples) : 0 }

    /// `scores` holds `samples × classes` values, sample after sample; `labels` one per sample.
    public init(scores: [Double], classes: Int, labels: [Int], topK: Int) throws(EvaluationFailure) {
        guard classes >= 2 else {
            throw EvaluationFailure("a classifier output needs at least 2 scores per sample, got \(classes)")
        }
        guard topK >= 1 else { throw EvaluationFailure("top-k needs k of at least 1, got \(topK)") }
        guard scores.count == labels.count * classes else {
            throw EvaluationFailure(
                "\(labels.count) label(s) for \(scores.count / classes) sample(s) of \(classes) scores")
        }
        self.classes = classes
        samples = labels.count
        self.topK = min(topK, classes)
        correct = 0
        topKCorrect = 0
        confusion = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        for (sample, label) in labels.enumerated() {
            guard label >= 0, label < classes else {
                throw EvaluationFailure(
                    "label of sample \(sample) is \(label), outside the output's \(classes) classes 0…\(classes - 1)")
            }
            let row = scores[(sample * classes)..<((sample + 1) * classes)]
            let base = row.startIndex
            var best = 0
            for index in 1..<classes where Classification.ranksAbove(row[base + index], row[base + best]) {
                best = index
            }
            // The label's rank: classes strictly above it, and the equal ones before it.
            let labelScore = row[base + label]
            var rank = 0
            for index in 0..<classes where index != label {
                let score = row[base + index]
                if Classification.ranksAbove(score, labelScore)
                    || (index < label && Classification.ties(score, labelScore))
                {
                    rank += 1
                }
            }
            if best == label { correct += 1 }
            if rank < self.topK { topKCorrect += 1 }
            confusion[label][best] += 1
        }
    }

    /// `a` ranks strictly above `b` (NaN below every number, NaNs tie).
    static func ranksAbove(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN { return false }
        return b.isNaN || a > b
    }

    static func ties(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }

    /// Labels from an integer `.npy` array of one label per sample (shape `[samples]` or `[samples, 1]`).
    public static func labels(_ array: NPYArray, samples: Int) throws(EvaluationFailure) -> [Int] {
        guard let strings = array.integerStrings(), array.dtype != .bool else {
            throw EvaluationFailure("labels must be integers (class indices), got \(array.dtype.name)")
        }
        guard array.shape.first == samples, array.elementCount == samples else {
            throw EvaluationFailure("labels need one class index per sample: \(samples) samples, labels \(array.shape)")
        }
        var labels: [Int] = []
        labels.reserveCapacity(samples)
        for (sample, text) in strings.enumerated() {
            guard let label = Int(text) else {
                throw EvaluationFailure("label of sample \(sample) is \(text), outside the output's classes")
            }
            labels.append(label)
        }
        return labels
    }

    /// Output `tensor`'s stacked values as the scores the classes are ranked by.
    public static func scores(_ stacked: NPYArray, tensor: TensorHandle) -> [Double] {
        let raw = stacked.doubleValues()
        guard let scale = tensor.scale, let zeroPoint = tensor.zeroPoint, stacked.dtype != .float32 else { return raw }
        return raw.map { Double(scale) * ($0 - Double(zeroPoint)) }
    }
}
