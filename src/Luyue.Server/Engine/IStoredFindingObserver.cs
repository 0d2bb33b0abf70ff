using Luyue.Core.Storage;

namespace Luyue.Server.Engine;

/// <summary>Told about findings once they are durable: the live stream and the webhook outbox.</summary>
public interface IStoredFindingObserver
{
    Task OnStoredAsync(IReadOnlyList<StoredFinding> findings, CancellationToken cancellationToken);
}
