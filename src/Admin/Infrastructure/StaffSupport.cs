using System.Security.Claims;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;
using Digis.Domain.Staff;
using Digis.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Infrastructure;

public static class StaffPolicies
{
    public const string Staff = "staff";
    public const string Admin = "staff-admin";
}

public static class StaffPrincipal
{
    /// <summary>The signed-in staff member as the Application sees them: account id, e-mail, role, address.</summary>
    public static StaffContext Staff(this PageModel page) => new(
        Guid.TryParse(page.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : throw new InvalidOperationException("A staff sign-in carries its account id."),
        page.User.FindFirstValue(ClaimTypes.Email) ?? page.User.Identity?.Name ?? "unknown",
        page.User.IsInRole(StaffRoles.Admin) ? StaffRole.Admin : StaffRole.Support,
        page.HttpContext.Connection.RemoteIpAddress?.ToString());

    /// <summary>
    /// Runs a console action; a refusal by the rules (bad input, a state that does not allow it, too few
    /// tokens, unknown id) becomes a message on the page instead of an error page. True when it succeeded.
    /// </summary>
    public static async Task<bool> TryAsync(this PageModel page, Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception ex) when (ex is BusinessRuleValidationException or NotFoundException)
        {
            page.ModelState.AddModelError(string.Empty, ex.Message);
            return false;
        }
    }
}

/// <summary>
/// The console hosts no hub: live notifications of console actions are not pushed (clients see them on
/// their next read), and it has no viewers to count.
/// </summary>
public sealed class ConsoleLiveNotifier : ILiveNotifier, IViewerCounter
{
    public int ViewersOf(Guid streamId) => 0;

    public Task BalanceChangedAsync(Guid userId, BalanceChangedEvent change, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task EarningsChangedAsync(Guid creatorId, EarningsChangedEvent change, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task TipAsync(TipEvent tip, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StreamStatusAsync(StreamStatusEvent status, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CallStatusAsync(Guid userId, CallStatusEvent status, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task GoalProgressAsync(GoalProgressEvent progress, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task GoalRemovedAsync(GoalRemovedEvent removed, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CallRequestedAsync(Guid creatorId, CallRequestedEvent request, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OverlayKeyRevokedAsync(Guid streamId, string revokedKey, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Creates the roles and, from <c>Admin:BootstrapEmail</c>/<c>Admin:BootstrapPassword</c>, the first admin.</summary>
public static partial class StaffBootstrap
{
    public static async Task EnsureAsync(IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in new[] { StaffRoles.Support, StaffRoles.Admin })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }

        var email = configuration["Admin:BootstrapEmail"];
        var password = configuration["Admin:BootstrapPassword"];
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
        {
            return;
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return;
        }

        var created = await users.CreateAsync(new StaffUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, CreatedAt = DateTimeOffset.UtcNow }, password);
        if (!created.Succeeded)
        {
            LogBootstrapFailed(logger, string.Join("; ", created.Errors.Select(e => e.Description)));
            return;
        }

        await users.AddToRoleAsync((await users.FindByEmailAsync(email))!, StaffRoles.Admin);
        LogBootstrapped(logger, email);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap admin {Email} created")]
    private static partial void LogBootstrapped(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bootstrap admin not created: {Errors}")]
    private static partial void LogBootstrapFailed(ILogger logger, string errors);
}
