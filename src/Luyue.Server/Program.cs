using Luyue.Server;

// The composition root: the only place the system clock is chosen (STYLE §4). `./luyue serve` calls the same builder.
var app = LuyueServer.Build(args, NodaTime.SystemClock.Instance);
await app.RunAsync();

/// <summary>The entry point type, for WebApplicationFactory in tests.</summary>
public partial class Program;
