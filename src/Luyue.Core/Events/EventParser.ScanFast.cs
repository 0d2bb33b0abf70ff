using System.Buffers;

namespace Luyue.Core.Events;

/// <summary>
/// The scan line of a replay, read without the JSON reader. Scans are four fifths of a stream and all look alike: one
/// flat object of string members, unescaped, with no whitespace. Read token by token, such a line cost 0.36 µs before
/// anything was built (the "+ JSON tokens" stage in docs/performance.md); hopping from quote to quote (the line's
/// quotes found at once, <see cref="QuoteMap"/>), a fraction of that. Only lines of that plain shape, at most 1 KB
/// long, with nothing the general path would refuse or treat differently, are taken here; for anything else
/// (whitespace, an escape, a null, a number, an unknown or non-scan field, a missing or malformed value, a longer
/// line) this path declines and the line is parsed as any other, so that every
/// refused line gets the general path's error.
/// </summary>
public sealed partial class EventParser
{
    /// <summary>What ends a plain string value of a payment or shipment line: its closing quote, or something that needs the general path.</summary>
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

        // Values are checked to be UTF-8 where they are decoded, or found in the string cache (which holds only values
        // once checked), not here: a separate pass read the text twice. (Validating the whole line at once, names and
        // punctuation too, took more time still: 2.6 % of the 1,000,000-order replay's samples against 1.4 %.)
        var quotes = default(QuoteMap);
        if (!quotes.TryMap(line))
        {
            return false;
        }

        var scan = default(PlainScan);
        var seen = 0UL; // the members read so far, a bit per field
        var at = 1;
        while (true)
        {
            // "name":"value" then ',' or the final '}' (the line ends with it, so no place read here is past the end).
            if (line[at] != (byte)'"')
            {
                return false;
            }

            var nameEnd = quotes.Next(at + 1);
            if (nameEnd < 0 || nameEnd + 3 >= line.Length || line[nameEnd + 1] != (byte)':' || line[nameEnd + 2] != (byte)'"')
            {
                return false;
            }

            var field = PlainField(line[(at + 1)..nameEnd]);
            if ((seen & (1UL << (int)field)) != 0)
            {
                return false; // a member given twice: the general path checks the value the last one replaces
            }

            seen |= 1UL << (int)field;
            var valueEnd = quotes.Next(nameEnd + 3);
            if (valueEnd < 0 || valueEnd + 1 >= line.Length || !Take(ref scan, field, line[(nameEnd + 3)..valueEnd]))
            {
                return false;
            }

            at = valueEnd + 1;
            if (line[at] == (byte)'}')
            {
                if (at != line.Length - 1)
                {
                    return false;
                }

                break;
            }

            if (line[at] != (byte)',')
            {
                return false;
            }

            at++;
        }

        // The site's slot in the string cache is the likeliest to be far (one site of thousands): fetched while the time
        // and the other values are read, it waited on memory for a sixth of this method's time before. Its hash goes
        // with the line, for the engine's table of sites. So is the text's slot in the table of texts.
        var siteHash = scan.HasSite ? Utf8StringCache.Hash(scan.Site) : 0;
        strings.Prefetch(siteHash);
        var texts = this.texts ??= new ScanTexts();
        var textHash = scan.HasText ? ScanTexts.Hash(scan.Text) : 0;
        texts.Prefetch(textHash);

        // What the general path would refuse, or build as something other than a scan, is left to it.
        if (!scan.HasType || !scan.Type.SequenceEqual("scan"u8) || !scan.HasAt || scan.Carrier.IsEmpty || scan.Tracking.IsEmpty
            || !(scan.HasKind || scan.HasText || scan.HasCode) || !times.TryParse(scan.At, out var time))
        {
            return false;
        }

        // Any value that is not UTF-8 sends the line to the general path, which refuses it naming the field.
        if (!(strings.TryGet(scan.Carrier, out var carrier) && Cached(scan.HasKind, scan.Kind, out var kind)
            && Cached(scan.HasCode, scan.Code, out var code) && Cached(scan.HasSource, scan.Source, out var source)
            && Cached(scan.HasProvince, scan.Province, out var province) && Cached(scan.HasCity, scan.City, out var city)
            && Cached(scan.HasSite, scan.Site, siteHash, out var site) && Cached(scan.HasNewCarrier, scan.NewCarrier, out var newCarrier)
            && NewTracking(scan, out var newTracking)))
        {
            return false;
        }

        // A text met before was checked then: it is neither checked nor decoded again. Its slot was fetched with the site's.
        var textSeen = scan.HasText ? texts.Find(textHash) : default;
        if (!into.TrySet(scan.HasId, scan.Id, time, carrier, scan.Tracking, scan.HasText, scan.Text, kind, code, source, province,
                city, site, newCarrier, newTracking, siteHash, scan.HasSite && Utf8Chars.IsTrimmed(scan.Site), scan.HasText ? texts : null, textSeen))
        {
            return false;
        }

        if (scan.HasText && !textSeen.Checked)
        {
            texts.Add(textHash);
        }

        return true;
    }

    /// <summary>The new tracking number's string (not shared: numbers rarely repeat); false when it is not UTF-8.</summary>
    private static bool NewTracking(in PlainScan scan, out string? value)
    {
        value = null;
        return !scan.HasNewTracking || Utf8Text.TryGetString(scan.NewTracking, out value);
    }

    /// <summary>A present value's string, shared; true with null for an absent one, false for one that is not UTF-8.</summary>
    private bool Cached(bool present, ReadOnlySpan<byte> utf8, out string? value) => Cached(present, utf8, Utf8StringCache.Hash(utf8), out value);

    /// <summary><see cref="Cached(bool, ReadOnlySpan{byte}, out string?)"/> for a value whose hash is known.</summary>
    private bool Cached(bool present, ReadOnlySpan<byte> utf8, ulong hash, out string? value)
    {
        value = null;
        return !present || strings.TryGet(utf8, hash, out value);
    }

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
