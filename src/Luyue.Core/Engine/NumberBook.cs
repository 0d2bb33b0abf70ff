namespace Luyue.Core.Engine;

/// <summary>
/// The engine's numbers: their records by key (<see cref="RecordBook{TRecord, THandle}"/>), answered as handles. A number the
/// engine forgets leaves the table at once (a later event of the same number makes a new one), but its place is given
/// back only once no number that handed over to it (its <see cref="TrackingState.Parents"/>) is held any more: until
/// then a parent's order may still follow the hand-over and read its trace, and a scan of it still reaches the
/// parents' orders, as they did when numbers were objects kept alive by their parents. Not thread-safe.
/// </summary>
internal sealed class NumberBook : RecordBook<TrackingRecord, TrackingState>
{
    /// <summary>Adds a number of a key not in the book (the caller looked it up first), its tracking number packed.</summary>
    public TrackingState Add(UInt128 key, string carrier, ReadOnlySpan<char> tracking)
    {
        var place = Add(key, new TrackingRecord(carrier, tracking));
        var number = Handle(place);
        number.Record.Place = place;
        return number;
    }

    /// <summary>
    /// Forgets a number (no orders, idle): it leaves the table, its scans' room goes back to the arena, and its place
    /// too unless a parent still holds it (then once the last one goes).
    /// </summary>
    public void Forget(TrackingState number, ScanArena arena)
    {
        var place = Unlink(number.Key());
        number.Detach(arena);
        if (number.Parents is { Count: > 0 })
        {
            number.Detached = true;
        }
        else
        {
            Release(number, place);
        }
    }

    /// <summary>Gives a number's place back; the numbers it handed over to lose it as a parent, and those kept only for it go too.</summary>
    private void Release(TrackingState number, int place)
    {
        var transfers = number.Transfers;
        Release(place);
        if (transfers is null)
        {
            return;
        }

        foreach (var transfer in transfers)
        {
            var target = transfer.Target;
            if (target.Parents is not { } parents || !target.IsLive)
            {
                continue;
            }

            for (var i = parents.Count - 1; i >= 0; i--)
            {
                // A loop, not RemoveAll with a lambda: capturing the number allocated a closure on every release.
                if (parents[i] == number)
                {
                    parents.RemoveAt(i);
                }
            }

            if (target.Detached && parents.Count == 0)
            {
                Release(target, target.Place);
            }
        }
    }

    /// <summary>The number at a place <see cref="Find"/> gave a moment ago, or none (for fetching ahead only).</summary>
    public TrackingState At(int place) => place >= 0 && place < PlacesMade ? Handle(place) : default;
}
