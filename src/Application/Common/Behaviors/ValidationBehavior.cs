using FluentValidation;
using Mediator;
using ValidationException = Digis.Application.Common.Exceptions.ValidationException;

namespace Digis.Application.Common.Behaviors;

/// <summary>Runs the message's FluentValidation validators before anything else; failures are 400 <c>validation</c>.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly IValidator<TMessage>[] _validators = validators.ToArray();

    public ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        if (_validators.Length > 0)
        {
            var context = new ValidationContext<TMessage>(message);
            var failures = _validators
                .SelectMany(v => v.Validate(context).Errors)
                .Where(f => f is not null)
                .ToList();
            if (failures.Count > 0)
            {
                throw new ValidationException(failures
                    .GroupBy(f => ToCamelCase(f.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray()));
            }
        }

        return next(message, cancellationToken);
    }

    private static string ToCamelCase(string name) =>
        string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
