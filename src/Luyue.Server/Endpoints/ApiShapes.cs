using Luyue.Core.Engine;

namespace Luyue.Server.Endpoints;

// Shapes of answers that the endpoints write as raw JSON (stored findings pass through byte for byte, as CONTRACT.md
// writes them), declared only so that the OpenAPI document can show them. Times are ISO-8601 with the +08:00 offset.

/// <summary>One finding in the CONTRACT.md format; fields appear as they apply.</summary>
public sealed record FindingShape(
    string Kind, string Rule, DateTimeOffset At, string? Order = null, string? Tracking = null, DateTimeOffset? Deadline = null,
    DateTimeOffset? Start = null, decimal? Amount = null, string? Reason = null, EvidenceShape? Evidence = null, int? Occurrence = null,
    DateTimeOffset? End = null, string? Item = null, string? Day = null, int? Count = null, int? Shipped = null, decimal? Ratio = null,
    int? YearCount = null, string? Platform = null, string? Shop = null, string? PackVersion = null);

/// <summary>What a finding rests on: a milestone or event type, when, and a short detail.</summary>
public sealed record EvidenceShape(string Kind, DateTimeOffset At, string? Detail = null);

/// <summary>A page of findings; <c>next</c> is the cursor of the following page, null on the last.</summary>
public sealed record FindingPageShape(IReadOnlyList<FindingShape> Items, long? Next);

/// <summary>An order as the engine holds it (null once forgotten after retention) and every finding about it.</summary>
public sealed record OrderPageShape(OrderView? Order, IReadOnlyList<FindingShape> Findings);

/// <summary>The answer of every list endpoint: <c>{"items":[…]}</c>.</summary>
public sealed record ItemList<T>(IReadOnlyList<T> Items);

/// <summary>A stored event: its sequence, when the server acknowledged it, and the event as received (CONTRACT.md).</summary>
public sealed record StoredEventShape(long Sequence, DateTimeOffset ReceivedAt, System.Text.Json.JsonElement Event);
