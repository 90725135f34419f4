using Digis.Domain.Users;

namespace Digis.Application.Staff;

public sealed record UserSummaryDto(Guid Id, string DisplayName, UserRole Role, long Balance, DateTimeOffset CreatedAt);

public sealed record ReconciliationRunDto(Guid Id, DateTimeOffset At, long Mismatches, string Details);

public sealed record TicketSummaryDto(Guid Id, Guid StreamId, long Price, DateTimeOffset CreatedAt, DateTimeOffset? RefundedAt);

public sealed record TipSummaryDto(Guid Id, Guid FanId, Guid CreatorId, long Amount, string? Message, DateTimeOffset CreatedAt, DateTimeOffset? RefundedAt);
