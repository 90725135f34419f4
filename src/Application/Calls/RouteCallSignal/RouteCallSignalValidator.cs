using FluentValidation;

namespace Digis.Application.Calls.RouteCallSignal;

/// <summary>A signal names a known type and carries what that type needs (its size is the hub's to limit).</summary>
public sealed class RouteCallSignalValidator : AbstractValidator<RouteCallSignal>
{
    public RouteCallSignalValidator()
    {
        RuleFor(q => q.Signal).NotNull();
        RuleFor(q => q.Signal.Type).Must(CallSignal.Types.Contains).When(q => q.Signal is not null)
            .WithMessage("type must be offer, answer, candidate or bye.");
        RuleFor(q => q.Signal.Sdp).NotEmpty().When(q => q.Signal is { Type: "offer" or "answer" })
            .WithMessage("An offer or answer carries its sdp.");
        RuleFor(q => q.Signal.Candidate).NotNull().When(q => q.Signal is { Type: "candidate" })
            .WithMessage("A candidate signal carries its candidate.");
        RuleFor(q => q.Signal.Candidate!.Candidate).NotNull().When(q => q.Signal is { Candidate: not null });
    }
}
