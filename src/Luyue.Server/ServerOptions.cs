using System.ComponentModel.DataAnnotations;

namespace Luyue.Server;

/// <summary>Settings of section <c>Luyue</c> (command line: <c>--Luyue:Port=5080</c>, or the serve command's options). Validated at start.</summary>
public sealed class ServerOptions
{
    public const string Section = "Luyue";

    [Range(0, 65535)]
    public int Port { get; set; } = 5080;

    /// <summary>Where the embedded SQLite database lives (created on first run).</summary>
    [Required]
    public string Data { get; set; } = "./data";

    /// <summary>A PostgreSQL connection string switches the store from SQLite to PostgreSQL.</summary>
    public string? Store { get; set; }

    /// <summary>Most events one ingestion request may carry.</summary>
    [Range(1, 1_000_000)]
    public int MaxBatch { get; set; } = 10_000;

    /// <summary>
    /// Engine partitions, each a single-threaded owner of the orders whose key hashes to it. One by default: the
    /// reused-number rule compares orders that share a number, which across partitions needs the shared number registry
    /// of the scale-out work (docs/architecture.md); until then more partitions trade that rule for parallelism.
    /// </summary>
    [Range(1, 256)]
    public int Partitions { get; set; } = 1;

    /// <summary>How often each partition moves its engines' clocks to the wall clock.</summary>
    [Range(10, 10_000)]
    public int TickMilliseconds { get; set; } = 100;

    /// <summary>Allow webhooks to loopback and private-range addresses (tests, on-premises receivers).</summary>
    public bool AllowPrivateWebhooks { get; set; }

    [Range(1, 30)]
    public int WebhookMaxAttempts { get; set; } = 8;
}
