using Luyue.Core.Events;

namespace Luyue.Core.Scans;

/// <summary>
/// A scan's classification, kept on the scan object by the first reader that classifies it, for the next reader with
/// the same vocabulary. In the server the engine and the store indicators are both handed every scan, the same object,
/// and classify it by the same vocabulary; classifying it again was a third of what the indicators cost (most scan
/// texts name a courier and a phone number, so the memo of recent texts does not catch them).
/// </summary>
/// <remarks>
/// Not part of the event's value: two scans are equal, and hash alike, whether or not either has been classified.
/// The answer is tied to the scan object it was made for, so a copy made with <c>with</c> (other fields, perhaps)
/// classifies afresh, and to the vocabulary that made it, so a reader with another rule book does not take it.
/// Readers on several threads may classify the same scan at once: each keeps a complete answer (an immutable entry
/// swapped in whole), and both answers are the same, classification being a pure function of the scan and vocabulary.
/// </remarks>
internal struct RememberedClassification : IEquatable<RememberedClassification>
{
    private Entry? entry;

    /// <summary>The classification <paramref name="vocabulary"/> made of <paramref name="scan"/>, if one was kept.</summary>
    public bool TryGet(Scan scan, ScanVocabulary vocabulary, out ScanClassification classified)
    {
        if (Volatile.Read(ref entry) is { } known && ReferenceEquals(known.Scan, scan) && ReferenceEquals(known.Vocabulary, vocabulary))
        {
            classified = known.Result;
            return true;
        }

        classified = default;
        return false;
    }

    public void Keep(Scan scan, ScanVocabulary vocabulary, ScanClassification classified) =>
        Volatile.Write(ref entry, new Entry(scan, vocabulary, classified));

    public readonly bool Equals(RememberedClassification other) => true;

    public override readonly bool Equals(object? obj) => obj is RememberedClassification;

    public override readonly int GetHashCode() => 0;

    public static bool operator ==(RememberedClassification left, RememberedClassification right) => true;

    public static bool operator !=(RememberedClassification left, RememberedClassification right) => false;

    private sealed class Entry(Scan scan, ScanVocabulary vocabulary, ScanClassification result)
    {
        public readonly Scan Scan = scan;
        public readonly ScanVocabulary Vocabulary = vocabulary;
        public readonly ScanClassification Result = result;
    }
}
