using Digis.Application.Payments;
using Digis.Application.Payouts;
using Digis.Domain.Payouts;
using Microsoft.Extensions.Options;
using Stripe;

namespace Digis.Infrastructure.Payments;

/// <summary>
/// Stripe Connect with Stripe.net (SPEC §16): Express accounts (idempotency key: the creator), Account Links for their
/// onboarding, Transfers (idempotency key and <c>transfer_group</c>: the cash-out; <c>metadata.cashoutId</c>) and their
/// reversals. Where <c>Payments:Provider=sandbox</c> nothing leaves the machine: ids are made up, the onboarding link is the
/// sandbox's own page, and a transfer succeeds at once (the job then delivers the events Stripe would send).
/// </summary>
public sealed class StripeConnect(IOptions<PaymentsOptions> options, IHttpClientFactory http) : IPayoutProvider
{
    public async Task<string> CreateAccountAsync(Guid creatorId, CancellationToken cancellationToken)
    {
        if (options.Value.IsSandbox)
        {
            return "acct_sandbox_" + creatorId.ToString("N")[..16];
        }

        var account = await CallAsync(client => new AccountService(client).CreateAsync(
            new AccountCreateOptions
            {
                Type = "express",
                Capabilities = new AccountCapabilitiesOptions { Transfers = new AccountCapabilitiesTransfersOptions { Requested = true } },
                Metadata = new Dictionary<string, string> { ["creatorId"] = creatorId.ToString() },
            },
            new RequestOptions { IdempotencyKey = "account-" + creatorId },
            cancellationToken));
        return account.Id;
    }

    public async Task<string> OnboardingLinkAsync(string accountId, CancellationToken cancellationToken)
    {
        if (options.Value.IsSandbox)
        {
            return $"/api/sandbox/connect/{accountId}";
        }

        var stripe = options.Value.Stripe;
        var link = await CallAsync(client => new AccountLinkService(client).CreateAsync(
            new AccountLinkCreateOptions { Account = accountId, Type = "account_onboarding", ReturnUrl = stripe.ConnectReturnUrl, RefreshUrl = stripe.ConnectRefreshUrl },
            null,
            cancellationToken));
        return link.Url;
    }

    public async Task<string> TransferAsync(Cashout cashout, string accountId, CancellationToken cancellationToken)
    {
        var id = cashout.Id.ToString();
        if (options.Value.IsSandbox)
        {
            return "tr_sandbox_" + cashout.Id.ToString("N");
        }

        var transfer = await CallAsync(client => new TransferService(client).CreateAsync(
            new TransferCreateOptions
            {
                Amount = cashout.UsdCents.Value,
                Currency = "usd",
                Destination = accountId,
                TransferGroup = id,
                Metadata = new Dictionary<string, string> { ["cashoutId"] = id },
            },
            new RequestOptions { IdempotencyKey = id },
            cancellationToken));
        return transfer.Id;
    }

    public async Task ReverseTransferAsync(Cashout cashout, CancellationToken cancellationToken)
    {
        if (options.Value.IsSandbox || cashout.TransferId is not { } transferId)
        {
            return;
        }

        await CallAsync(client => new TransferReversalService(client).CreateAsync(
            transferId,
            new TransferReversalCreateOptions { Metadata = new Dictionary<string, string> { ["cashoutId"] = cashout.Id.ToString() } },
            new RequestOptions { IdempotencyKey = "reversal-" + cashout.Id },
            cancellationToken));
    }

    private async Task<T> CallAsync<T>(Func<StripeClient, Task<T>> call)
    {
        var stripe = options.Value.Stripe;
        if (string.IsNullOrEmpty(stripe.SecretKey))
        {
            throw new PayoutProviderException("The payout provider is not configured (Payments:Stripe:SecretKey).");
        }

        var client = new StripeClient(
            apiKey: stripe.SecretKey,
            // No retries inside the call: the payout job's backoff is the retry, with the same idempotency key.
            httpClient: new SystemNetHttpClient(http.CreateClient(PaymentProvider.HttpClientName), maxNetworkRetries: 0),
            apiBase: stripe.ApiBase.TrimEnd('/'));
        try
        {
            return await call(client);
        }
        catch (StripeException e)
        {
            throw new PayoutProviderException($"Stripe answered {(int)e.HttpStatusCode}: {e.StripeError?.Message ?? e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new PayoutProviderException("Stripe cannot be reached: " + e.Message, e);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            throw new PayoutProviderException("Stripe did not answer in time.", e);
        }
    }
}
