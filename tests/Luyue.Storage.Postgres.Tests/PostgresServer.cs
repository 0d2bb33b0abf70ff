namespace Luyue.Storage.Postgres.Tests;

/// <summary>
/// The server the tests use: <c>LUYUE_TEST_POSTGRES</c>, a connection string to a database the user may create
/// databases from (./test.sh starts a throwaway server and sets it). CI must run these tests, so there a missing
/// variable fails them; on a developer's machine it skips them.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "LUYUE_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Missing =>
        $"{Variable} is not set. Run ./test.sh, which starts a throwaway PostgreSQL and sets it, or set it to a server's " +
        $"connection string, e.g. {Variable}='Host=127.0.0.1;Port=55432;Username=luyue;Password=luyue;Database=postgres'." +
        (OnCi ? " CI must run the PostgreSQL tests, so they fail instead of being skipped." : "");
}

/// <summary>Skips the PostgreSQL tests on a developer's machine without a server; under CI=true they run, and fail.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class PostgresAvailableAttribute : Compliance.StoreAvailabilityAttribute
{
    public override string? SkipReason => PostgresServer.ConnectionString is null && !PostgresServer.OnCi ? PostgresServer.Missing : null;
}
