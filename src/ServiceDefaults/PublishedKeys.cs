using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Digis.ServiceDefaults;

/// <summary>
/// The identity host's discovery document and keys (SPEC §15), cached. Fetched on first use and again every
/// <see cref="BaseConfigurationManager.AutomaticRefreshInterval"/>; when a token names a <c>kid</c> the cache lacks, the
/// validator asks for a refresh (<see cref="RequestRefresh"/>) and the same request waits for the new key set, so a
/// key published during a rotation is trusted at once. At most one such refresh per
/// <see cref="BaseConfigurationManager.RefreshInterval"/>, so tokens with made-up kids cannot make it fetch without end.
/// IdentityModel's own manager refreshes in the background after the request that needed the key has failed.
/// </summary>
public sealed class PublishedKeys : BaseConfigurationManager, IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly string _address;
    private readonly IDocumentRetriever _documents;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _fetchedAt;
    private DateTimeOffset _lastRefreshRequest = DateTimeOffset.MinValue;
    private volatile bool _refreshRequested;

    public PublishedKeys(string metadataAddress, IDocumentRetriever documents, TimeProvider? clock = null)
    {
        _address = metadataAddress;
        _documents = documents;
        _clock = clock ?? TimeProvider.System;
        MetadataAddress = metadataAddress;
    }

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (Fresh() is { } current)
        {
            return current;
        }

        await _fetching.WaitAsync(cancel);
        try
        {
            if (Fresh() is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            _refreshRequested = false;
            try
            {
                _current = await OpenIdConnectConfigurationRetriever.GetAsync(_address, _documents, cancel);
            }
            catch (Exception) when (_current is not null)
            {
                // The identity host is unreachable: keep trusting the keys it last published, try again in a minute.
                _fetchedAt = _clock.GetUtcNow() - AutomaticRefreshInterval + RefreshInterval;
                return _current;
            }

            _fetchedAt = _clock.GetUtcNow();
            return _current;
        }
        finally
        {
            _fetching.Release();
        }
    }

    public override async Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) => await GetConfigurationAsync(cancel);

    public override void RequestRefresh()
    {
        var now = _clock.GetUtcNow();
        if (now - _lastRefreshRequest >= RefreshInterval)
        {
            _lastRefreshRequest = now;
            _refreshRequested = true;
        }
    }

    private OpenIdConnectConfiguration? Fresh() =>
        _current is { } current && !_refreshRequested && _clock.GetUtcNow() - _fetchedAt < AutomaticRefreshInterval ? current : null;
}
