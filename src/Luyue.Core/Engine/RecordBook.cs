namespace Luyue.Core.Engine;

/// <summary>A record a <see cref="RecordBook{TRecord, THandle}"/> holds: it counts the lives of its place.</summary>
internal interface IBookRecord
{
    /// <summary>
    /// The lives of the record's place: a place given back and taken again holds a later generation, by which a
    /// handle to the record that was there before is told stale.
    /// </summary>
    int Generation { get; set; }
}

/// <summary>A handle to a record in a chunk (<see cref="OrderState"/>, <see cref="TrackingState"/>).</summary>
internal interface IRecordHandle<TRecord, TSelf>
{
    /// <summary>The handle to the record at an index of a chunk, of the record's present generation.</summary>
    static abstract TSelf Of(TRecord[] chunk, int index);
}

/// <summary>
/// Records (structs) by a 128-bit key, in a <see cref="StateTable{T}"/>'s chunks, read and written in place through
/// handles that hold a record's chunk and index (<see cref="OrderBook"/>, <see cref="NumberBook"/>). Held so, an
/// engine's orders and numbers are not objects that the collector copies out of generation 0 and again out of
/// generation 1 as each lives on for days of stream time (a chunk is one large array, which it does not move): on the
/// 1,000,000-order replay that copying was most of what the collections paused (docs/performance.md). A place given
/// back is cleared and taken again in the next generation. Not thread-safe.
/// </summary>
internal abstract class RecordBook<TRecord, THandle>
    where TRecord : struct, IBookRecord
    where THandle : IRecordHandle<TRecord, THandle>
{
    private readonly StateTable<TRecord> table = new();

    public int Count => table.Count;

    /// <summary>Places ever made: at most the most records held at once.</summary>
    internal int PlacesMade => table.PlacesMade;

    public bool TryGet(UInt128 key, out THandle handle)
    {
        var place = table.Find(key);
        handle = place < 0 ? default! : Handle(place);
        return place >= 0;
    }

    /// <summary>The place of the key's record, or -1 (for fetching ahead: <see cref="PrefetchRecord"/>).</summary>
    public int Find(UInt128 key) => table.Find(key);

    /// <inheritdoc cref="StateTable{T}.Prefetch"/>
    public void Prefetch(UInt128 key) => table.Prefetch(key);

    /// <summary>Asks the processor to fetch the record at a place <see cref="Find"/> gave (a hint; a stale place only wastes it).</summary>
    public void PrefetchRecord(int place)
    {
        if (place >= 0 && place < table.PlacesMade)
        {
            Luyue.Core.Prefetch.Whole(ref table.At(place));
        }
    }

    /// <summary>
    /// <see cref="PrefetchRecord"/> for the place <see cref="Find"/> gave, or, for a key not in the book, for the place
    /// its record will take when added: a place given back long ago, or never used, which writing the new record waited
    /// on (a quarter of the samples of taking a payment, twenty-fifth session).
    /// </summary>
    public void PrefetchRecordOrNext(int place)
    {
        if (place >= 0)
        {
            PrefetchRecord(place);
        }
        else if (table.NextPlace is var next and >= 0)
        {
            // Possibly the first place not yet taken, past PlacesMade, but in a chunk already made (NextPlace).
            Luyue.Core.Prefetch.Whole(ref table.At(next));
        }
    }

    /// <summary>Adds a key that is not in the book (the caller looked it up first) with its record; answers the place.</summary>
    protected int Add(UInt128 key, in TRecord fresh)
    {
        var place = table.Add(key);
        ref var record = ref table.At(place);
        var generation = record.Generation;
        record = fresh;
        record.Generation = generation;
        return place;
    }

    /// <summary>Takes the key out and gives its place back (nothing for a key not held).</summary>
    protected void Remove(UInt128 key)
    {
        if (table.Unlink(key) is var place and >= 0)
        {
            Release(place);
        }
    }

    /// <inheritdoc cref="StateTable{T}.Unlink"/>
    protected int Unlink(UInt128 key) => table.Unlink(key);

    /// <summary>Gives back the place of a key taken out: the record is cleared and the place's generation moves on.</summary>
    protected void Release(int place)
    {
        var generation = table.At(place).Generation;
        table.Release(place);
        table.At(place).Generation = unchecked(generation + 1);
    }

    /// <summary>The handle to the record at a place.</summary>
    protected THandle Handle(int place) => THandle.Of(table.ChunkOf(place), StateChunks.IndexOf(place));

    /// <inheritdoc cref="StateTable{T}.Places"/>
    protected StateTable<TRecord>.PlaceEnumerator Places => table.Places;
}
