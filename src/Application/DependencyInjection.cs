using Digis.Application.Common;
using Digis.Application.Common.Behaviors;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
using Digis.Application.Payments;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Digis.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration configuration)
    {
        // The pipeline, outermost first. The host registers Mediator itself (its source generator lives in
        // the host); behaviors come from the container in registration order.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(IdempotentReplayBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(IdempotencyBehavior<,>));
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton);
        services.AddScoped<PostCommitActions>();
        services.AddScoped<IPostCommitActions>(sp => sp.GetRequiredService<PostCommitActions>());
        services.AddScoped<LedgerPoster>();
        services.AddScoped<SpendRefunds>();
        services.AddScoped<CreatorEarnings>();
        services.AddScoped<Wallets.WalletReader>();
        services.AddScoped<Staff.StaffAdjustments>();
        services.AddScoped<Payouts.StaffCreditTrail>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMetrics, NoMetrics>();
        services.AddOptions<PaymentsOptions>().Bind(configuration.GetSection(PaymentsOptions.Section));
        services.AddOptions<CallsOptions>().Bind(configuration.GetSection(CallsOptions.Section))
            .Validate(o => o.IsValid(), "Calls: every *Seconds at least 1 (TurnTtlSeconds 60); TurnUrls are turn: or turns: URLs and need a "
                + "TurnSecret of 16+ characters; IceTransportPolicy is all, or relay with TurnUrls.")
            .ValidateOnStart();
        services.AddOptions<BillingOptions>().Bind(configuration.GetSection(BillingOptions.Section));
        services.AddOptions<PayoutsOptions>().Bind(configuration.GetSection(PayoutsOptions.Section));
        services.AddOptions<StreamsOptions>().Bind(configuration.GetSection(StreamsOptions.Section));
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section));
        services.AddOptions<StaffOptions>().Bind(configuration.GetSection(StaffOptions.Section));
        services.AddScoped<Calls.CallEvents>();
        services.AddScoped<Calls.CallLoader>();
        services.AddScoped<Calls.CallBilling>();
        services.AddScoped<Limits.FanSpendingLimits>();
        services.AddScoped<Payments.PurchaseTokens>();
        services.AddScoped<Streams.TipGoals>();
        services.AddOptions<TipsOptions>().Bind(configuration.GetSection(TipsOptions.Section));
        return services;
    }
}
