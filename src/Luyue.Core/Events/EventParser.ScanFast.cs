using System.Buffers;
using System.Text.Unicode;

namespace Luyue.Core.Events;

/// <summary>
/// The scan line of a replay, read without the JSON reader. Scans are four fifths of a stream and all look alike: one
/// flat object of string members, unescaped, with no whitespace. Read token by token, such a line cost 0.36 µs before
/// anything was built (the "+ JSON tokens" stage in docs/performance.md); found by searching for the next quote, a
/// fraction of that. Only lines of that plain shape, with nothing the general path would refuse or treat
/// differently, are taken here; for anything else (whitespace, an escape, a null, a number, an unknown or non-scan
/// field, a missing or malformed value) this path declines and the line is parsed as any other, so that every
/// refused line gets the general path's error.
/// </summary>
public sealed partial class EventParser
{
    /// <summary>What ends a plain string value: its closing quote, or something that needs the general path.</summary>
    private static readonly SearchValues<byte> ValueEnd =
        SearchValues.Create([(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b)]);

    /// <summary>The values of one plain scan line, as places in the line.</summary>
    private ref struct PlainScan
    {
        public ReadOnlySpan<byte> Type, Id, At, Carrier, Tracking, Kind, Text, Code, Source, Province, City, Site, NewCarrier, NewTracking;
        public bool HasType, HasId, HasAt, HasKind, HasText, HasCode, HasSource, HasProvince, HasCity, HasSite, HasNewCarrier, HasNewTracking;
    }

    /// <summary>Reads a plain scan line into <paramref name="into"/>; false (and nothing read) for any other line.</summary>
    private bool TryPlainScan(ReadOnlySpan<byte> line, ScanLine into)
    {
        if (line.Length < 2 || line[0] != (byte)'{' || line[^1] != (byte)'}')
        {
            return false;
        }

        var scan = default(PlainScan);
        var rest = line[1..];
        while (true)
        {
            // "name":"value" then ',' or the final '}'.
            if (rest.Length < 6 || rest[0] != (byte)'"')
            {
                return false;
            }

            var nameEnd = rest[1..].IndexOfAny(ValueEnd);
            if (nameEnd < 0 || rest[1 + nameEnd] != (byte)'"')
            {
                return false;
            }

            var field = TopLevel.Find(rest.Slice(1, nameEnd));
            rest = rest[(nameEnd + 2)..];
            if (rest.Length < 3 || rest[0] != (byte)':' || rest[1] != (byte)'"')
            {
                return false;
            }

            var valueEnd = rest[2..].IndexOfAny(ValueEnd);
            if (valueEnd < 0 || rest[2 + valueEnd] != (byte)'"')
            {
                return false;
            }

            var value = rest.Slice(2, valueEnd);
            // Value by value: validating the whole line at once (names and punctuation too) took more time, not less
            // (2.6 % of the 1,000,000-order replay's samples against 1.4 %).
            if (!Utf8.IsValid(value) || !Take(ref scan, field, value))
            {
                return false;
            }

            rest = rest[(valueEnd + 3)..];
            if (rest.Length == 0)
            {
                return false;
            }

            if (rest[0] == (byte)'}')
            {
                if (rest.Length != 1)
                {
                    return false;
                }

                break;
            }

            if (rest[0] != (byte)',')
            {
                return false;
            }

            rest = rest[1..];
        }

        // What the general path would refuse, or build as something other than a scan, is left to it.
        if (!scan.HasType || !scan.Type.SequenceEqual("scan"u8) || !scan.HasAt || scan.Carrier.IsEmpty || scan.Tracking.IsEmpty
            || !(scan.HasKind || scan.HasText || scan.HasCode) || !InstantText.TryParse(scan.At, out var at))
        {
            return false;
        }

        into.Set(scan.HasId, scan.Id, at, strings.Get(scan.Carrier), scan.Tracking, scan.HasText, scan.Text,
            Cached(scan.HasKind, scan.Kind), Cached(scan.HasCode, scan.Code), Cached(scan.HasSource, scan.Source),
            Cached(scan.HasProvince, scan.Province), Cached(scan.HasCity, scan.City), Cached(scan.HasSite, scan.Site),
            Cached(scan.HasNewCarrier, scan.NewCarrier), scan.HasNewTracking ? Utf8Text.GetString(scan.NewTracking) : null);
        return true;
    }

    private string? Cached(bool present, ReadOnlySpan<byte> utf8) => present ? strings.Get(utf8) : null;

    /// <summary>Keeps one member's value; false for a member a scan line of the plain shape does not have.</summary>
    private static bool Take(ref PlainScan scan, Field field, ReadOnlySpan<byte> value)
    {
        switch (field)
        {
            case Field.Type:
                scan.Type = value;
                scan.HasType = true;
                return true;
            case Field.Id:
                scan.Id = value;
                scan.HasId = true;
                return true;
            case Field.At:
                scan.At = value;
                scan.HasAt = true;
                return true;
            case Field.Carrier:
                scan.Carrier = value;
                return true;
            case Field.Tracking:
                scan.Tracking = value;
                return true;
            case Field.Kind:
                scan.Kind = value;
                scan.HasKind = true;
                return true;
            case Field.Text:
                scan.Text = value;
                scan.HasText = true;
                return true;
            case Field.Code:
                scan.Code = value;
                scan.HasCode = true;
                return true;
            case Field.Source:
                scan.Source = value;
                scan.HasSource = true;
                return true;
            case Field.Province:
                scan.Province = value;
                scan.HasProvince = true;
                return true;
            case Field.City:
                scan.City = value;
                scan.HasCity = true;
                return true;
            case Field.Site:
                scan.Site = value;
                scan.HasSite = true;
                return true;
            case Field.NewCarrier:
                scan.NewCarrier = value;
                scan.HasNewCarrier = true;
                return true;
            case Field.NewTracking:
                scan.NewTracking = value;
                scan.HasNewTracking = true;
                return true;
            default:
                return false;
        }
    }
}
