using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Streams;

/// <summary>
/// A show's tip goal (SPEC §13): a title and a target; progress is what fans tipped into the show since the goal
/// was set. Setting the same title again only retargets it (a repeated PUT changes nothing); a new title is a new goal.
/// </summary>
public sealed class TipGoal
{
    public const int MaxTitleLength = 80;
    public const long MaxTarget = 1_000_000;

    private TipGoal()
    {
    }

    public Guid StreamId { get; private set; }

    public string Title { get; private set; } = "";

    public Tokens Target { get; private set; }

    /// <summary>Tips into the show from this moment on count.</summary>
    public DateTimeOffset SetAt { get; private set; }

    public DateTimeOffset? ReachedAt { get; private set; }

    public static TipGoal Set(LiveStream stream, string? title, long target, DateTimeOffset now)
    {
        Rule.Check(new StreamMustNotBeOverRule(stream));
        var goal = new TipGoal { StreamId = stream.Id };
        goal.Apply(title, target, now);
        return goal;
    }

    /// <summary>Changes the goal; <paramref name="progress"/> is the current one, to re-decide whether it is reached.</summary>
    public void Change(LiveStream stream, string? title, long target, long progress, DateTimeOffset now)
    {
        Rule.Check(new StreamMustNotBeOverRule(stream));
        var sameGoal = (title ?? "").Trim() == Title;
        Apply(title, target, sameGoal ? SetAt : now);
        ReachedAt = sameGoal && progress >= Target.Value ? ReachedAt ?? now : null;
    }

    /// <summary>After a tip: records when the progress first reached the target; true when it did just now.</summary>
    public bool RecordProgress(long progress, DateTimeOffset now)
    {
        if (ReachedAt is not null || progress < Target.Value)
        {
            return false;
        }

        ReachedAt = now;
        return true;
    }

    private void Apply(string? title, long target, DateTimeOffset since)
    {
        var text = (title ?? "").Trim();
        Rule.Check(new TextLengthRule("title", text, 1, MaxTitleLength));
        Rule.Check(new PlainTextRule("title", text));
        Rule.Check(new GoalTargetMustBeInRangeRule(target));
        Title = text;
        Target = new Tokens(target);
        SetAt = since;
    }
}
