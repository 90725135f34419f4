namespace Digis.Application.Common.Exceptions;

/// <summary>An outside service Digis needs (the payment provider) could not be reached or refused: 503, nothing applied.</summary>
public sealed class ServiceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
