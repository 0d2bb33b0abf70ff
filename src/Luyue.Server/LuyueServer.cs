using Luyue.Core.Storage;
using Luyue.Server.Auth;
using Luyue.Server.Endpoints;
using Luyue.Server.Engine;
using Luyue.Server.Storage;
using Luyue.Server.Webhooks;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Luyue.Server;

/// <summary>
/// The server's composition: a table of contents of what runs and which endpoints exist. The clock comes from the
/// caller (Program.cs passes the system clock; tests pass a fake one): nothing below reads the system clock.
/// </summary>
public static class LuyueServer
{
    public static WebApplication Build(string[] args, IClock clock, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var port = context.Configuration.GetValue($"{ServerOptions.Section}:Port", 5080);
            kestrel.Listen(System.Net.IPAddress.Loopback, port);
        });

        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<IStore>(sp => StoreFactory.Create(sp.GetRequiredService<IOptions<ServerOptions>>().Value));
        builder.Services.AddSingleton<RuleBooks>();
        builder.Services.AddSingleton<FindingHub>();
        builder.Services.AddSingleton<TenantFindings>();
        builder.Services.AddSingleton<IStoredFindingObserver>(sp => sp.GetRequiredService<FindingHub>());
        builder.Services.AddSingleton<WebhookOutbox>();
        builder.Services.AddSingleton<IStoredFindingObserver>(sp => sp.GetRequiredService<WebhookOutbox>());
        builder.Services.AddSingleton<StoreInitializer>(sp => new StoreInitializer(
            sp.GetRequiredService<IStore>(), sp.GetRequiredService<IClock>(), sp.GetRequiredService<Ingestion>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StoreInitializer>());
        builder.Services.AddSingleton<EngineHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EngineHost>());
        builder.Services.AddHostedService<WebhookDispatcher>();
        builder.Services.AddSingleton<Ingestion>();
        builder.Services.AddSingleton<IndicatorBoard>();
        builder.Services.AddSingleton<IOutletRatingStore>(sp => sp.GetRequiredService<IStore>() as IOutletRatingStore
            ?? throw new InvalidOperationException("the configured store does not keep outlet ratings"));
        builder.Services.AddSingleton(Luyue.Adapters.Feeds.Default);

        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName).AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(
            ApiKeyAuthentication.SchemeName, _ => { });
        builder.Services.AddAuthorization(Policies.Add);
        builder.Services.AddProblemDetails();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddOpenApi(OpenApiSetup.Configure);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = Json.Options.Encoder;
            o.SerializerOptions.Converters.Add(new InstantJsonConverter());
        });
        configure?.Invoke(builder);

        var app = builder.Build();

        // Made before the engine host starts, so that the indicators see the events recovery replays.
        app.Services.GetRequiredService<IndicatorBoard>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi().WithName("OpenApiDocument").WithSummary("This API's OpenAPI document (committed as docs/openapi.json)");
        app.MapHealth();
        app.MapTenants();
        app.MapEvents();
        app.MapFindings();
        app.MapStream();
        app.MapOrders();
        app.MapSummaries();
        app.MapFilings();
        app.MapRulePacks();
        app.MapWebhooks();
        app.MapMe();
        app.MapMonitorItems();
        app.MapChecks();
        app.MapIndicators();
        app.MapAdapters();
        // Last: the workbench's fallback answers every path no endpoint above claims.
        app.MapWorkbench();
        return app;
    }
}
