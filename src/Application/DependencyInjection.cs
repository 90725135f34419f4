using Digis.Application.Calls;
using Digis.Application.Common.Behaviors;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common;
using Digis.Application.Ledger;
using Digis.Application.Payments;
using Digis.Application.Payouts;
using Digis.Application.Staff;
using Digis.Application.Streams;
using Digis.Application.Tips;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace Digis.Application;

public static class DependencyInjection
{
    /// <param name="production">Whether the host runs in Production, where some settings must be stricter.</param>
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration configuration, bool production = false)
    {
        // The pipeline, outermost first. The host registers Mediator itself (its source generator lives in
        // the host); behaviors come from the container in registration order.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(IdempotencyBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehavior<,>));
        services.AddScoped<PostCommitActions>();
        services.AddScoped<IPostCommitActions>(sp => sp.GetRequiredService<PostCommitActions>());
        services.AddScoped<LedgerEvents>();
        services.AddScoped<SpendRefunds>();
        services.AddScoped<CreatorEarnings>();
        services.AddScoped<Wallets.WalletReader>();
        services.AddScoped<Staff.StaffAdjustments>();
        services.AddScoped<Payouts.StaffCreditTrail>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMetrics, NoMetrics>();
        services.AddCheckedOptions<PaymentsOptions>(configuration, PaymentsOptions.Section, o => o.Problems(production));
        services.AddCheckedOptions<CallsOptions>(configuration, CallsOptions.Section, o => o.Problems());
        services.AddCheckedOptions<BillingOptions>(configuration, BillingOptions.Section, o => o.Problems());
        services.AddCheckedOptions<PayoutsOptions>(configuration, PayoutsOptions.Section, o => o.Problems(production));
        services.AddCheckedOptions<StreamsOptions>(configuration, StreamsOptions.Section, o => o.Problems());
        services.AddCheckedOptions<AdminOptions>(configuration, AdminOptions.Section, o => o.Problems());
        services.AddCheckedOptions<StaffOptions>(configuration, StaffOptions.Section, o => o.Problems());
        services.AddScoped<Calls.CallEvents>();
        services.AddScoped<Calls.CallLoader>();
        services.AddScoped<Calls.CallBilling>();
        services.AddSingleton<Calls.MeteringPasses>();
        services.AddScoped<Limits.FanSpendingLimits>();
        services.AddScoped<Payments.PurchaseTokens>();
        services.AddScoped<CashoutRequests>();
        services.AddScoped<PayoutFailures>();
        services.AddScoped<Streams.TipGoals>();
        services.AddScoped<Streams.StreamTips>();
        services.AddCheckedOptions<TipsOptions>(configuration, TipsOptions.Section, o => o.Problems());
        services.AddCheckedOptions<Subscriptions.SubscriptionsOptions>(configuration, Subscriptions.SubscriptionsOptions.Section, o => o.Problems());
        services.AddScoped<Subscriptions.SubscriptionCharges>();
        services.AddScoped<Subscriptions.SubscriptionEvents>();
        return services;
    }
}
