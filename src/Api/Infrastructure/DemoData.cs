using Digis.Application.Common.Interfaces;
using Digis.Domain.Users;

namespace Digis.Api.Infrastructure;

/// <summary>Development only: a demo fan and creator, provisioned, with ready-to-paste tokens in the log.</summary>
public static partial class DemoData
{
    public static readonly Guid FanId = new("0193a0f0-0000-7000-8000-00000000f001");
    public static readonly Guid CreatorId = new("0193a0f0-0000-7000-8000-00000000c001");

    public static async Task PrintAsync(IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        await using var scope = services.CreateAsyncScope();
        var provisioner = scope.ServiceProvider.GetRequiredService<IUserProvisioner>();
        await provisioner.EnsureAsync(FanId, UserRole.Fan, "Demo Fan", CancellationToken.None);
        await provisioner.EnsureAsync(CreatorId, UserRole.Creator, "Demo Creator", CancellationToken.None);

        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()!;
        var lifetime = TimeSpan.FromDays(30);
        LogToken(logger, "fan", FanId, AccessTokens.Create(auth, FanId, "fan", "Demo Fan", lifetime));
        LogToken(logger, "creator", CreatorId, AccessTokens.Create(auth, CreatorId, "creator", "Demo Creator", lifetime));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo {Role} {UserId} token (Development only): {DemoToken}")]
    private static partial void LogToken(ILogger logger, string role, Guid userId, string demoToken);
}
