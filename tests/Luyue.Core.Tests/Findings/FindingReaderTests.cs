using System.Text;
using Luyue.Core.Findings;
using NodaTime;
using static Luyue.Core.Tests.Engine.Harness;

namespace Luyue.Core.Tests.Findings;

public class FindingReaderTests
{
    private static Finding Read(string line)
    {
        Assert.True(FindingReader.TryParse(Encoding.UTF8.GetBytes(line), out var finding, out var error), $"{line}: {error}");
        return finding!;
    }

    private static FindingError Refused(string line)
    {
        Assert.False(FindingReader.TryParse(Encoding.UTF8.GetBytes(line), out var finding, out var error));
        Assert.Null(finding);
        return error!;
    }

    private static string Written(Finding finding)
    {
        using var stream = new MemoryStream();
        using (var writer = new FindingWriter(stream))
        {
            writer.Emit(finding);
        }

        return Encoding.UTF8.GetString(stream.ToArray()).TrimEnd('\n');
    }

    [Fact]
    public void What_the_writer_writes_reads_back_equal_for_every_finding_of_a_replay()
    {
        var findings = Replay(
            Paid("tmall", "TM1", "2024-06-01T08:00:00+08:00", amount: 150m),
            Shipped("TM1", "2024-06-01T20:00:00+08:00", "STO1", "sto"),
            """{"type":"filing.submitted","at":"2024-06-03T09:00:00+08:00","order":"TM1","filing":"F1","reason":"trace-mismatch"}""",
            """{"type":"filing.decided","at":"2024-06-06T10:00:00+08:00","filing":"F1","approved":true}""",
            Paid("douyin", "D1", "2021-03-11T10:20:00+08:00"),
            Shipped("D1", "2021-03-12T16:56:04+08:00"),
            Scan("2021-03-13T21:05:30+08:00", "pickup"),
            Paid("1688", "A1", "2024-05-01T09:00:00+08:00"),
            Shipped("A1", "2024-05-01T15:00:00+08:00", "YD1", "yunda"),
            Clock("2024-06-10T00:00:00+08:00"));
        Assert.Contains(findings, f => f.Kind == FindingKind.Revoked);
        Assert.Contains(findings, f => f.Kind == FindingKind.Penalty && f.Amount is null);
        Assert.Contains(findings, f => f.Evidence is not null);

        foreach (var finding in findings)
        {
            Assert.Equal(finding, Read(Written(finding)));
        }
    }

    [Fact]
    public void Store_level_and_sanction_fields_read_back_too()
    {
        var strike = new Finding(FindingKind.Strike, "taote.strike.fake-shipping", null, Instant.FromUtc(2024, 6, 1, 16, 0))
        {
            Platform = "taote", Shop = "tt-1", Item = "SKU9", Day = new LocalDate(2024, 6, 1), Count = 30, Shipped = 90, YearCount = 2,
        };
        var sanction = new Finding(FindingKind.Sanction, "taote.fraud-shipping", null, Instant.FromUtc(2024, 6, 1, 0, 0))
        {
            Shop = "tt-1", End = Instant.FromUtc(2024, 6, 16, 16, 0), Reason = "withdrawal restricted",
        };

        Assert.Equal(strike, Read(Written(strike)));
        Assert.Equal(sanction, Read(Written(sanction)));
    }

    [Fact]
    public void Amount_keeps_decimals_and_null_stays_rate_not_configured()
    {
        Assert.Equal(7.5m, Read("""{"kind":"exempted","rule":"tmall.pickup-timeout","order":"T","at":"2024-06-03T12:00:00+08:00","amount":7.50}""").Amount);
        Assert.Null(Read("""{"kind":"penalty","rule":"1688.fake-shipping.no-info","order":"A","at":"2024-06-03T12:00:00+08:00","amount":null}""").Amount);
        Assert.Null(Read("""{"kind":"penalty","rule":"1688.fake-shipping.no-info","order":"A","at":"2024-06-03T12:00:00+08:00"}""").Amount);
    }

    [Fact]
    public void Unknown_fields_are_skipped_because_the_contract_grows()
    {
        var f = Read("""{"kind":"warning","future":{"nested":[1,2]},"rule":"tmall.pickup-timeout","ratio":0.3,"at":"2024-06-03T00:00:00+08:00","shop":"s"}""");
        Assert.Equal((FindingKind.Warning, "tmall.pickup-timeout", "s"), (f.Kind, f.Rule, f.Shop));
    }

    [Theory]
    [InlineData("""{"rule":"r","at":"2024-06-03T00:00:00+08:00"}""", "kind", "missing")]
    [InlineData("""{"kind":"fine","rule":"r","at":"2024-06-03T00:00:00+08:00"}""", "kind", "'fine' is not one of")]
    [InlineData("""{"kind":"penalty","at":"2024-06-03T00:00:00+08:00"}""", "rule", "missing")]
    [InlineData("""{"kind":"penalty","rule":"r"}""", "at", "missing")]
    [InlineData("""{"kind":"penalty","rule":"r","at":"yesterday"}""", "at", "'yesterday' is not an ISO-8601 time")]
    [InlineData("""{"kind":"penalty","rule":"r","at":"2024-06-03T00:00:00+08:00","amount":"10"}""", "amount", "must be a number")]
    [InlineData("""{"kind":"penalty","rule":"r","at":"2024-06-03T00:00:00+08:00","evidence":{"kind":"pickup"}}""", "evidence.at", "missing")]
    [InlineData("""[1]""", "$", "must be a JSON object")]
    [InlineData("""{"kind":"penalty",""", "$", "invalid JSON")]
    [InlineData("""{"kind":"penalty","rule":"r","at":"2024-06-03T00:00:00+08:00"} {}""", "$", "unexpected content")]
    public void A_bad_line_names_the_field_and_the_reason(string line, string field, string reason)
    {
        var error = Refused(line);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }
}
