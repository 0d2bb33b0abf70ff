using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Luyue.Core.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Luyue.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer KEY</c>: the key's hash is looked up in the store (and cached: keys are immutable). The caller's
/// tenant and role become claims; endpoints read them through <see cref="Caller"/>.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IStore store, ApiKeyCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string TenantClaim = "luyue:tenant";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        string presented;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = header["Bearer ".Length..].Trim();
        }
        else if (Request.Path.StartsWithSegments("/v1/adapters", StringComparison.Ordinal) && Request.Query["key"].ToString() is { Length: > 0 } queryKey)
        {
            // Carrier callbacks (Kuaidi100, KDNiao) are configured as a bare URL: they cannot send a header. Only the
            // adapter endpoints take the key in the query, where it may reach access logs; use a key for that feed alone.
            presented = queryKey;
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        var hash = ApiKeys.Hash(presented);
        if (!cache.Keys.TryGetValue(hash, out var key))
        {
            key = await store.FindApiKeyByHashAsync(hash, Context.RequestAborted);
            if (key is null)
            {
                return AuthenticateResult.Fail("unknown API key");
            }

            cache.Keys[hash] = key;
        }

        var claims = new List<Claim> { new(ClaimTypes.Role, key.Role.ToString()), new(ClaimTypes.NameIdentifier, key.Id) };
        if (key.Tenant is not null)
        {
            claims.Add(new Claim(TenantClaim, key.Tenant));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}

/// <summary>
/// Keys already looked up, by hash: one per server (a process-wide cache would let a key of one server's store open
/// another server's in the same process, as tests run them).
/// </summary>
public sealed class ApiKeyCache
{
    public ConcurrentDictionary<string, ApiKey> Keys { get; } = new(StringComparer.Ordinal);
}

/// <summary>Policies by role: reviewers can do what merchants can, admins everything.</summary>
public static class Policies
{
    public const string Merchant = nameof(Merchant);
    public const string Reviewer = nameof(Reviewer);
    public const string Admin = nameof(Admin);

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(Merchant, p => p.RequireAuthenticatedUser().RequireClaim(ApiKeyAuthentication.TenantClaim));
        options.AddPolicy(Reviewer, p => p.RequireAuthenticatedUser().RequireRole(nameof(Role.Reviewer), nameof(Role.Admin)));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(nameof(Role.Admin)));
    }
}

/// <summary>Who is calling: the tenant whose data they may see, and their role.</summary>
public sealed record Caller(string Tenant, Role Role)
{
    public static Caller From(ClaimsPrincipal user)
    {
        var tenant = user.FindFirstValue(ApiKeyAuthentication.TenantClaim) ?? "";
        var role = Enum.TryParse<Role>(user.FindFirstValue(ClaimTypes.Role), out var r) ? r : Role.Merchant;
        return new Caller(tenant, role);
    }
}
