using System.Globalization;
using System.Text.Json;
using Luyue.Core.Findings;

namespace Luyue.Cli.Commands;

/// <summary>
/// One number of a <see cref="LedgerRow"/> as the CLI shows it: a JSON/CSV name, a table header, and whether it is
/// yuan (two decimals, invariant culture, whatever the machine's locale) or a count.
/// </summary>
internal sealed record LedgerMeasure(string Name, string Header, Func<LedgerRow, decimal> Value, bool IsYuan = false)
{
    /// <summary>The ledger's columns, in the order money moves: charged, unpriced, spared, refunded, net; then the counts behind them.</summary>
    public static readonly IReadOnlyList<LedgerMeasure> Ledger =
    [
        new("penalties", "penalties", r => r.Penalties),
        new("charged", "charged ¥", r => r.Charged, IsYuan: true),
        new("notConfigured", "rate not configured", r => r.NotConfigured),
        new("exempted", "exempted", r => r.Exempted),
        new("spared", "spared ¥", r => r.Spared, IsYuan: true),
        new("revoked", "revoked", r => r.Revoked),
        new("refunded", "refunded ¥", r => r.Refunded, IsYuan: true),
        new("net", "net ¥", r => r.Net, IsYuan: true),
        new("violations", "violations", r => r.Violations),
        new("warnings", "warnings", r => r.Warnings),
        new("retracted", "retracted", r => r.Retracted),
    ];

    /// <summary>
    /// What a what-if compares per rule. <c>penalties</c> counts every penalty, priced or not, so that a version that
    /// prices what the other could not shows as the same count with yuan where there were none.
    /// </summary>
    public static readonly IReadOnlyList<LedgerMeasure> WhatIf =
    [
        new("violations", "violations", r => r.Violations),
        new("warnings", "warnings", r => r.Warnings),
        new("exempted", "exempted", r => r.Exempted),
        new("penalties", "penalties", r => r.Penalties + r.NotConfigured),
        new("notConfigured", "rate not configured", r => r.NotConfigured),
        new("charged", "penalty ¥", r => r.Charged, IsYuan: true),
    ];

    public string Format(LedgerRow row) => Format(Value(row));

    public string Format(decimal value) => value.ToString(IsYuan ? "0.00" : "0", CultureInfo.InvariantCulture);

    /// <summary>A JSON property whose number is written as <see cref="Format(decimal)"/> shows it, so yuan keep their two decimals.</summary>
    public void Write(Utf8JsonWriter json, LedgerRow row)
    {
        json.WritePropertyName(Name);
        json.WriteRawValue(Format(row));
    }
}
