using System.Globalization;
using System.Text;
using System.Text.Json;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Rules;
using Luyue.Simulation;
using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>
/// Generated event streams, the reference replay they are compared with (what <c>luyue replay</c> does: one engine over
/// the embedded rule book, fed the lines in order), and the ways two finding lists are compared.
/// </summary>
internal static class Streams
{
    /// <summary>A generated stream as CONTRACT.md JSON Lines, in arrival order, ending with its closing <c>clock</c> event.</summary>
    public static string[] Generate(int orders, int seed, Instant? start = null)
    {
        using var buffer = new MemoryStream();
        new EventGenerator().WriteTo(buffer, new GeneratorOptions { Orders = orders, Seed = seed, Start = start ?? GeneratorOptions.DefaultStart });
        return Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The time of the last <c>clock</c> event: where a replay of the stream closes.</summary>
    public static Instant ClosingTime(IReadOnlyList<string> lines)
    {
        var parser = new EventParser();
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (parser.TryParse(Encoding.UTF8.GetBytes(lines[i]), out var e, out _) && e is ClockTick tick)
            {
                return tick.At;
            }
        }

        throw new ArgumentException("the stream has no clock event", nameof(lines));
    }

    /// <summary>The latest time of an event in <paramref name="lines"/> other than a <c>clock</c> event: the last activity.</summary>
    public static Instant LastActivity(IEnumerable<string> lines)
    {
        var parser = new EventParser();
        var latest = Instant.MinValue;
        foreach (var line in lines)
        {
            if (parser.TryParse(Encoding.UTF8.GetBytes(line), out var e, out _) && e is not ClockTick && e!.At > latest)
            {
                latest = e.At;
            }
        }

        return latest;
    }

    /// <summary>The event ids of <paramref name="lines"/> (each line of a generated stream has one).</summary>
    public static IEnumerable<string> Ids(IEnumerable<string> lines)
    {
        var parser = new EventParser();
        foreach (var line in lines)
        {
            Assert.True(parser.TryParse(Encoding.UTF8.GetBytes(line), out var e, out var error), $"{error}: {line}");
            yield return e!.Id ?? throw new ArgumentException($"an event without id: {line}", nameof(lines));
        }
    }

    /// <summary>
    /// The reference: the lines replayed in order by one engine over the embedded rule book, as <c>luyue replay</c> does,
    /// closing at <paramref name="until"/> when given (else at the last event's time).
    /// </summary>
    public static IReadOnlyList<Finding> Replay(IEnumerable<string> lines, Instant? until = null)
    {
        var findings = new FindingList();
        var engine = new ComplianceEngine(RuleBook.Embedded, findings);
        var parser = new EventParser();
        foreach (var line in lines)
        {
            Assert.True(parser.TryParse(Encoding.UTF8.GetBytes(line), out var e, out var error), $"{error}: {line}");
            engine.Apply(e!);
        }

        engine.Flush();
        if (until is { } end)
        {
            engine.AdvanceTo(end);
        }

        return findings.Items;
    }

    /// <summary>A finding as the API returns it (its stored JSON), parsed back.</summary>
    public static Finding Parse(JsonElement json)
    {
        Assert.True(FindingReader.TryParse(Encoding.UTF8.GetBytes(json.GetRawText()), out var finding, out var error), $"{error}: {json}");
        return finding!;
    }

    /// <summary>What two runs must agree on for each finding: kind, rule, order, at, tracking and amount.</summary>
    public static string Identity(Finding f) =>
        string.Join('|', f.Kind.ToText(), f.Rule, f.Order, Time(f.At), f.Tracking, f.Amount?.ToString("G29", CultureInfo.InvariantCulture));

    /// <summary>The findings' identities as a sorted multiset.</summary>
    public static List<string> Identities(IEnumerable<Finding> findings) => findings.Select(Identity).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// What stands once late evidence is taken into account (as tests/Luyue.Core.Tests/Engine/DeterminismProperties.cs
    /// counts it): each violation or exemption counts +1 at (rule, order, time) and each retraction −1 at the deadline it
    /// retracts; each penalty +1 and each revocation −1 at the violation's time, which both carry in their start (as the
    /// findings query's status filter pairs them). Entries that net to zero (a violation found
    /// early, then retracted when the evidence arrived) drop out; the rest, with their counts, must agree.
    /// </summary>
    public static List<string> Standing(IEnumerable<Finding> findings)
    {
        var count = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in findings)
        {
            var (key, delta) = f.Kind switch
            {
                FindingKind.Violation or FindingKind.Exempted => ($"violation|{f.Rule}|{f.Order}|{Time(f.At)}", 1),
                FindingKind.Retracted => ($"violation|{f.Rule}|{f.Order}|{Time(f.Deadline)}", -1),
                FindingKind.Penalty => ($"penalty|{f.Rule}|{f.Order}|{Time(f.Start)}", 1),
                FindingKind.Revoked => ($"penalty|{f.Rule}|{f.Order}|{Time(f.Start)}", -1),
                _ => ("", 0),
            };
            if (delta != 0)
            {
                count[key] = count.GetValueOrDefault(key) + delta;
            }
        }

        return count.Where(c => c.Value != 0).Select(c => $"{c.Key} x{c.Value}").Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// What identifies a finding in the store (Engine/FindingKeys.cs): two findings alike in all of it are a duplicate.
    /// Retractions and revocations are identified by what they take back, not by when they were found.
    /// </summary>
    public static string StoreIdentity(Finding f) =>
        string.Join('|', f.Kind.ToText(), f.Rule, f.Order, f.Kind is FindingKind.Retracted or FindingKind.Revoked ? "" : Time(f.At), f.Tracking,
            Time(f.Deadline), f.Occurrence, f.Shop, f.Item, f.Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.Reason);

    /// <summary>Entries of <paramref name="list"/> that occur more than once, with their counts.</summary>
    public static List<string> Duplicates(IEnumerable<string> list) =>
        list.GroupBy(x => x, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();

    /// <summary>Fails with the first differences of two sorted lists.</summary>
    public static void AssertSame(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string what)
    {
        if (expected.SequenceEqual(actual, StringComparer.Ordinal))
        {
            return;
        }

        Assert.Fail($"{what}: {expected.Count} expected, {actual.Count} actual\n{Difference(expected, actual)}");
    }

    /// <summary>Up to ten entries only in the expected list and ten only in the actual one (as multisets).</summary>
    public static string Difference(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var left = expected.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var a in actual)
        {
            left[a] = left.GetValueOrDefault(a) - 1;
        }

        var missing = left.Where(x => x.Value > 0).Select(x => $"  - {x.Key} (x{x.Value})").Take(10);
        var extra = left.Where(x => x.Value < 0).Select(x => $"  + {x.Key} (x{-x.Value})").Take(10);
        return $"only expected:\n{string.Join('\n', missing)}\nonly actual:\n{string.Join('\n', extra)}";
    }

    private static string Time(Instant? instant) => instant is { } i ? i.ToString("uuuu-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
}
