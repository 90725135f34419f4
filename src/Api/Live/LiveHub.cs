using Digis.Api.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Digis.Api.Live;

/// <summary>The live hub (SPEC §5). Every connection of a user joins <c>user:{id}</c>.</summary>
[Authorize]
public sealed class LiveHub : Hub
{
    public const string Path = "/hubs/live";

    public static string UserGroup(Guid userId) => $"user:{userId}";

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(Context.User!.UserId()));
        await base.OnConnectedAsync();
    }
}
